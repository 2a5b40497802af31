"""Why the system refused a file operation, in Chinese: the OS's own words (strerror) are English."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "没有这个文件或文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "是文件夹",
    errno.EEXIST: "已经存在",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件太大",
    errno.EROFS: "文件系统是只读的",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被占用",
    errno.EIO: "读写出错",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.ELOOP: "符号链接循环",
}


def os_reason(e: BaseException) -> str:
    """'没有权限' for EACCES, …; an errno not listed is named by its symbol (EAGAIN), anything else by its class."""
    code = getattr(e, "errno", None)
    if code in _REASONS:
        return _REASONS[code]
    if isinstance(code, int) and code in errno.errorcode:
        return f"系统错误 {errno.errorcode[code]}"
    return e.__class__.__name__

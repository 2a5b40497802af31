"""述职助手: draft and check 书记抓基层党建工作述职报告."""

__version__ = "0.1.0"

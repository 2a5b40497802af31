"""Drafting: a report from a unit profile, part by part, grounded in the profile's facts and the corpus.

Kept import-light: the submodules import openai, chromadb and docx only inside functions.
"""

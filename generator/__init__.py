"""Static site generator for the National Food Safety Demonstration City transparency portal.

Data flows load → validate → derive → render → write; MkDocs is reached only through
`generator.mkdocs_adapter`.
"""
__version__ = "0.1.0"

"""Renderers: a Brief (or any plain data) in, text out. Only this package knows Rich and Markdown."""

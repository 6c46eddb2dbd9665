"""Renderers: a Brief (or plain data) in, text out. Only this package knows Rich and Markdown."""

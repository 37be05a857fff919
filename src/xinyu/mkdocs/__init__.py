"""The thin MkDocs side: a plugin that adds generated pages and wires Chinese search."""

"""Importers of other programs' files (BORIS, ELAN, Datavyu, CSV): parse, then apply atomically."""

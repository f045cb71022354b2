"""Importers: a spec-kit, Kiro or OpenSpec project's feature, read and mapped onto a pilot."""

"""The package version, in a module of its own: anything may import it without importing the
package root (``teleclaim/__init__.py`` re-exports it as ``teleclaim.__version__``)."""

__version__ = "0.1.0"

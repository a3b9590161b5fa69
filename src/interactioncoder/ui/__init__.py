"""ui package."""

from interactioncoder.ui._none_refcount_guard import install as _install_none_guard

_install_none_guard()

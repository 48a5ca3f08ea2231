"""Imports a project's settings with real Django and prints every setting as canonical JSON.

Usage: python settings_snapshot.py ROOT [ROOT ...]   (DJANGO_SETTINGS_MODULE and the variables come from the
environment). The roots go first on sys.path, as manage.py's folder does. Third-party packages that are not
installed are stubbed by a permissive import hook, so a project's settings import as far as they can without its
whole dependency tree; the project's own modules are never stubbed (a missing local_settings still raises
ImportError, as it does in production). The last line of stdout is one JSON object:
{"ok": true, "settings": {NAME: value}} or {"ok": false, "error": "Type: message"}.
"""

import importlib.abc
import importlib.util
import json
import math
import os
import pathlib
import re
import sys
import traceback
import types

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class Stub:
    """Whatever a missing package hands out: attributes, calls and items give more stubs."""

    def __init__(self, name):
        object.__setattr__(self, "_stub_name", name)

    def __getattr__(self, attribute):
        if attribute == "__file__":
            return f"/nonexistent/{self._stub_name}.py"
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        return Stub(f"{self._stub_name}.{attribute}")

    def __setattr__(self, attribute, value):
        pass

    def __call__(self, *args, **kwargs):
        return Stub(f"{self._stub_name}()")

    def __getitem__(self, key):
        return Stub(f"{self._stub_name}[]")

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __contains__(self, item):
        return False

    def __mro_entries__(self, bases):
        return (StubBase,)

    def __str__(self):
        return self._stub_name

    def __fspath__(self):
        return self._stub_name

    def __int__(self):
        return 0

    def __index__(self):
        return 0

    def __float__(self):
        return 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def _compare(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _compare

    def _more(self, *args):
        return Stub(self._stub_name)

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _more
    __or__ = __ror__ = __and__ = __rand__ = __mod__ = __rmod__ = _more


class StubBase:
    """What a class deriving from a stub derives from instead."""

    def __init__(self, *args, **kwargs):
        pass

    def __init_subclass__(cls, **kwargs):
        pass


class StubModule(types.ModuleType):
    def __init__(self, name):
        super().__init__(name)
        self.__path__ = []
        self.__all__ = []
        self.__file__ = f"/nonexistent/{name.replace('.', '/')}/__init__.py"
        self.__version__ = "0"

    def __getattr__(self, attribute):
        if attribute.startswith("__") and attribute.endswith("__"):
            raise AttributeError(attribute)
        return Stub(f"{self.__name__}.{attribute}")


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Last on sys.meta_path: reached only by modules no real finder has, imported by the project's own code.

    An installed library's `try: import x except ImportError:` keeps its fallback: only imports made from a file
    under one of the roots are stubbed.
    """

    def __init__(self, roots):
        self.roots = [os.path.realpath(root) + os.sep for root in roots]
        self.local = {name for root in roots for name in local_names(root)}
        self.stubbed = set()

    def imported_by_project(self):
        frame = sys._getframe(2)
        while frame and frame.f_code.co_filename.startswith("<frozen"):
            frame = frame.f_back
        filename = os.path.realpath(frame.f_code.co_filename) if frame else ""
        return any(filename.startswith(root) for root in self.roots)

    def find_spec(self, fullname, path, target=None):
        parent = fullname.rpartition(".")[0]
        if parent and not isinstance(sys.modules.get(parent), StubModule):
            return None
        if not parent and (fullname in self.local or not self.imported_by_project()):
            return None
        self.stubbed.add(fullname)
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        return StubModule(spec.name)

    def exec_module(self, module):
        pass


def local_names(root):
    try:
        entries = os.listdir(root)
    except OSError:
        return []
    return [entry[:-3] if entry.endswith(".py") else entry for entry in entries]


def canonical(value, depth=0, seen=None):
    """A JSON value that two imports of equal settings give identically."""
    seen = seen or set()
    if depth > 40:
        return {"deep": True}
    if isinstance(value, Stub):
        return {"stub": value._stub_name}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else {"int": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, pathlib.PurePath):
        return {"path": str(value)}
    if id(value) in seen:
        return {"cycle": True}
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        seen = seen | {id(value)}
        if isinstance(value, dict):
            return {"dict": [[canonical(k, depth + 1, seen), canonical(v, depth + 1, seen)] for k, v in value.items()]}
        items = [canonical(item, depth + 1, seen) for item in value]
        if isinstance(value, (set, frozenset)):
            return {"set": sorted(items, key=lambda item: json.dumps(item, sort_keys=True))}
        return {"tuple" if isinstance(value, tuple) else "list": items}
    if isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.ModuleType)):
        name = getattr(value, "__qualname__", None) or getattr(value, "__name__", "?")
        return {"callable": f"{getattr(value, '__module__', '') or ''}.{name}"}
    try:
        text = repr(value)
    except Exception as error:
        text = f"<repr failed: {type(error).__name__}>"
    return {"object": f"{type(value).__module__}.{type(value).__qualname__}", "repr": ADDRESS.sub("", text)[:400]}


def hide_system_packages():
    """Leaves Django's own tree and the standard library on sys.path, so every other package is stubbed.

    For a referee whose Django is unpacked on its own (DJANGO_READY_STUB_ALL=1): an installed package of the wrong
    version (Debian's django-environ without FileAwareEnv, a celery built for another Python) fails a project's
    settings where a stub lets them import.
    """
    import django

    try:
        # Settings plumbing, not a dependency: without it a split-settings project's settings are empty.
        import split_settings.tools  # noqa: F401
    except ImportError:
        pass
    keep = os.path.dirname(os.path.dirname(django.__file__))
    sys.path[:] = [entry for entry in sys.path if entry == keep or "-packages" not in entry]
    kept = ("django", "split_settings")
    for name in [name for name in sys.modules if name.split(".")[0] not in kept]:
        module = sys.modules[name]
        origin = getattr(module, "__file__", None) or ""
        if "-packages" in origin and not origin.startswith(keep):
            del sys.modules[name]


def tolerate_stubbed_includes():
    """django-split-settings' include() of a file inside a stubbed package (its path is under /nonexistent/) is
    optional: production has the package and its file, the referee has neither."""
    try:
        from split_settings import tools
    except ImportError:
        return
    real_include = tools.include

    def include(*paths, **kwargs):
        kept = [tools.optional(path) if isinstance(path, str) and path.startswith("/nonexistent/") else path for path in paths]
        if "scope" not in kwargs:
            kwargs["scope"] = sys._getframe(1).f_globals
        return real_include(*kept, **kwargs)

    tools.include = include


def main():
    roots = sys.argv[1:]
    if os.environ.get("DJANGO_READY_STUB_ALL") == "1":
        hide_system_packages()
    tolerate_stubbed_includes()
    sys.path[:0] = roots
    finder = StubFinder(roots)
    sys.meta_path.append(finder)
    real_stdout = sys.stdout
    # Settings modules print (banners, debug lines): keep stdout for the answer.
    sys.stdout = sys.stderr
    try:
        from django.conf import settings

        settings._setup()
        wrapped = settings._wrapped
        names = sorted(name for name in dir(wrapped) if name.isupper())
        answer = {"ok": True, "settings": {name: canonical(getattr(wrapped, name)) for name in names}, "stubbed": sorted(finder.stubbed)}
    except BaseException as error:
        traceback.print_exc()
        message = str(error).splitlines()[0] if str(error) else ""
        answer = {"ok": False, "error": f"{type(error).__name__}: {message}"[:500]}
    sys.stdout = real_stdout
    sys.stdout.write("\n" + json.dumps(answer, sort_keys=True) + "\n")
    sys.stdout.flush()


main()

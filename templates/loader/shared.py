def _migfix_shared(path):  # the checks live in one file that the project's migrations share
    import importlib.util, os, sys
    path = os.path.realpath(os.path.join(os.path.dirname(os.path.realpath(__file__)), path))
    if path not in sys.modules:  # loaded once per process, by path: from any working directory
        spec = importlib.util.spec_from_file_location("migfix_helpers", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # missing? see the README's "Where the helpers live"
        sys.modules[path] = module
    return {k: v for k, v in vars(sys.modules[path]).items() if k.startswith("_migfix_")}


globals().update(_migfix_shared("{{path}}"))

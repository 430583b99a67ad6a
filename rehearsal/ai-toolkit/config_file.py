"""Config loading as toolkit/config.py does it: lookup order, ${ENV} substitution before parsing, [name]."""
import json
import os
import re

from yaml_subset import parse_yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def find_config(arg):
    cfg_dir = os.path.join(HERE, "config")
    for ext in ("", ".json", ".jsonc", ".yaml", ".yml"):
        p = os.path.join(cfg_dir, arg + ext)
        if os.path.isfile(p):
            return p
    if os.path.isfile(arg):
        return arg
    p = os.path.join(os.getcwd(), arg)
    if os.path.isfile(p):
        return p
    raise ValueError("Could not find config file %s" % arg)


def load_config(arg, name_override=None):
    path = find_config(arg)
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()

    def env_sub(m):
        var = m.group(1)
        if var not in os.environ:
            raise ValueError("Environment variable %s not set. Please ensure it's defined before proceeding." % var)
        return os.environ[var]

    text = re.sub(r"\$\{([^}]+)\}", env_sub, text)
    if path.endswith(".json") or path.endswith(".jsonc"):
        config = json.loads(text)
    else:
        config = parse_yaml(text)
    if not isinstance(config, dict) or "config" not in config:
        raise ValueError("config file is invalid: missing config")
    if name_override:
        config["config"]["name"] = name_override
    name = config["config"].get("name")
    if not name:
        raise ValueError("config file must have a name")

    def name_sub(v):
        if isinstance(v, str):
            return v.replace("[name]", name)
        if isinstance(v, list):
            return [name_sub(x) for x in v]
        if isinstance(v, dict):
            return {k: name_sub(x) for k, x in v.items()}
        return v

    return name_sub(config)

"""A reader and writer for the block-YAML subset lorapilot writes and the guide's template uses:
maps, lists, scalars, quoted strings, flow lists, comments (stdlib only: the pod may have no PyYAML)."""
import json
import re


class YamlError(Exception):
    pass


def _strip_comment(line):
    out, quote = [], None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            out.append(c)
            if quote == "'" and c == "'" and i + 1 < len(line) and line[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            if quote == '"' and c == "\\" and i + 1 < len(line):
                out.append(line[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
        else:
            if c in "'\"" and (not out or out[-1] in " \t:[{,-"):
                quote = c
            elif c == "#" and (not out or out[-1] in " \t"):
                break
            out.append(c)
        i += 1
    return "".join(out).rstrip()


def _split_flow(text):
    items, depth, cur, quote = [], 0, [], None
    for c in text:
        if quote:
            cur.append(c)
            if c == quote:
                quote = None
            continue
        if c in "'\"":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
            continue
        cur.append(c)
    if "".join(cur).strip():
        items.append("".join(cur).strip())
    return items


def _scalar(text):
    t = text.strip()
    if t == "":
        return None
    if t.startswith("[") and t.endswith("]"):
        return [_scalar(x) for x in _split_flow(t[1:-1])]
    if t.startswith("{") and t.endswith("}"):
        out = {}
        for item in _split_flow(t[1:-1]):
            k, _, v = item.partition(":")
            out[_scalar(k)] = _scalar(v)
        return out
    if t.startswith('"') and t.endswith('"') and len(t) >= 2:
        return json.loads(t)
    if t.startswith("'") and t.endswith("'") and len(t) >= 2:
        return t[1:-1].replace("''", "'")
    low = t.lower()
    if low in ("null", "~"):
        return None
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", t):
        return float(t)
    if low in (".inf", "+.inf"):
        return float("inf")
    return t


def _key_split(text):
    """Split `key: value` at the first colon followed by a space or end of line, outside quotes."""
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
            continue
        if c in "'\"" and i == 0:
            quote = c
            continue
        if c == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
            return _scalar(text[:i]), text[i + 1:].strip()
    return None


def parse_yaml(text):
    lines = []
    for raw in text.splitlines():
        if raw.strip() in ("---", "..."):
            continue
        s = _strip_comment(raw)
        if s.strip() == "":
            continue
        if "\t" in s[: len(s) - len(s.lstrip())]:
            raise YamlError("tabs are not allowed for indentation")
        lines.append((len(s) - len(s.lstrip(" ")), s.strip()))
    pos = [0]

    def block(indent):
        if pos[0] >= len(lines):
            return None
        ind, text = lines[pos[0]]
        if text.startswith("- ") or text == "-":
            return seq(ind)
        return mapping(ind)

    def seq(indent):
        out = []
        while pos[0] < len(lines):
            ind, text = lines[pos[0]]
            if ind != indent or not (text.startswith("- ") or text == "-"):
                break
            rest = text[1:].strip()
            pos[0] += 1
            if rest == "":
                out.append(block(indent + 1) if pos[0] < len(lines) and lines[pos[0]][0] > indent else None)
            elif _key_split(rest) is not None and not rest.startswith(("[", "{", '"', "'")):
                # `- key: value` starts a map whose keys are indented by the dash width
                lines.insert(pos[0], (indent + 2, rest))
                out.append(mapping(indent + 2))
            else:
                out.append(_scalar(rest))
        return out

    def mapping(indent):
        out = {}
        while pos[0] < len(lines):
            ind, text = lines[pos[0]]
            if ind < indent:
                break
            if ind > indent:
                raise YamlError("bad indentation near: %s" % text)
            kv = _key_split(text)
            if kv is None:
                raise YamlError("expected 'key: value' near: %s" % text)
            key, rest = kv
            pos[0] += 1
            if rest in ("", "|", ">"):
                if rest in ("|", ">"):
                    parts = []
                    while pos[0] < len(lines) and lines[pos[0]][0] > indent:
                        parts.append(lines[pos[0]][1])
                        pos[0] += 1
                    out[key] = ("\n" if rest == "|" else " ").join(parts)
                elif pos[0] < len(lines) and (
                    lines[pos[0]][0] > indent
                    or (lines[pos[0]][0] == indent and lines[pos[0]][1].startswith("- "))
                ):
                    out[key] = block(lines[pos[0]][0])
                else:
                    out[key] = None
            else:
                out[key] = _scalar(rest)
        return out

    result = block(0)
    if pos[0] != len(lines):
        raise YamlError("could not parse near: %s" % lines[pos[0]][1])
    return result


def dump_yaml(value, indent=0):
    """Plain block YAML for config.yaml (ai-toolkit writes yaml.dump of the raw config)."""
    pad = "  " * indent
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                out.append("%s%s:" % (pad, k))
                out.append(dump_yaml(v, indent + 1 if isinstance(v, dict) else indent))
            else:
                out.append("%s%s: %s" % (pad, k, _dump_scalar(v)))
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict) and v:
                inner = dump_yaml(v, indent + 1).split("\n")
                inner[0] = pad + "- " + inner[0].lstrip()
                out.append("\n".join(inner))
            elif isinstance(v, list) and v:
                out.append(pad + "- " + json.dumps(v))
            else:
                out.append("%s- %s" % (pad, _dump_scalar(v)))
    return "\n".join(out)


def _dump_scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (dict, list)):
        return "{}" if isinstance(v, dict) else "[]"
    s = str(v)
    if s == "" or re.search(r"[:#\[\]{},&*!|>'\"%@`]|^\s|\s$|^[-?]", s) or _scalar(s) != s:
        return "'" + s.replace("'", "''") + "'"
    return s

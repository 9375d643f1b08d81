#!/usr/bin/env python3
"""Writes doc/records.md: every record kind, grouped by the tool that writes it.

    scripts/gen-records-md.py           rewrite doc/records.md
    scripts/gen-records-md.py --check   exit 1 if doc/records.md is not what this writes

Everything comes from files already in the tree, so the list cannot drift from them:
the kinds from schemas/records/*.json (the same files evt(7) is generated from), the
envelope from common/record_envelope.cc, the writing tool and commands from each schema's
"description" ("evt-token scans merge writes ..."), matched against the command paths of
the checked-in fish completions (completions/evt-NAME.fish, generated from the parsers).
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "doc", "records.md")

# Kinds whose writer is not one evt command: errors come from every tool, usage
# records from whatever meters the site.
OTHER_WRITERS = {
    "error": "every tool, with `--errors-as-records`",
    "usage": "the site's meters (an invoice export, a log rollup, a script); read by `evt-budget ingest`",
}


def program(tool):
    """The front door (tools/evt) is `evt`; every other tool is `evt-TOOL`."""
    return "evt" if tool == "evt" else f"evt-{tool}"


def command_paths():
    """{"token": {"scans merge", "keys", ...}, ...} from the fish completions."""
    paths = {}
    for fish in glob.glob(os.path.join(ROOT, "completions", "evt*.fish")):
        name = os.path.basename(fish)[:-len(".fish")]
        tool = "evt" if name == "evt" else name[len("evt-"):]
        with open(fish, encoding="utf-8") as f:
            paths[tool] = set(re.findall(r"set path '([^']+)'", f.read()))
    return paths


WRITES = {"write", "writes", "print", "prints", "shows"}
# A mention followed by one of these before a writing verb is not the writer:
# "evt-price quote would read", "evt-token scans merge adds", "evt-token decode never writes".
NOT_WRITING = {"would", "read", "reads", "adds", "brings", "carries", "repeats", "makes", "ingests", "never"}


def longest_path(words, known, parent):
    """The longest command path in `known` that `words` starts with, tried under `parent` first."""
    for n in range(min(len(words), 3), 0, -1):
        for candidate in ([f"{parent} {' '.join(words[:n])}"] if parent else []) + [" ".join(words[:n])]:
            if candidate in known:
                return candidate
    return None


def commands_in(segment, known):
    """The command paths a segment such as " jwks (and keys export) " or " decide and watch " names."""
    commands, parent = [], ""
    for chunk in re.split(r",|\(and\b|\band\b|\bor\b|\)", segment):
        words = []
        for word in chunk.split():
            if not re.fullmatch(r"[a-z][a-z_]*", word):
                break
            words.append(word)
        path = longest_path(words, known, parent)
        if path:
            commands.append(path)
            parent = path.rsplit(" ", 1)[0] if " " in path else ""
    return commands


def writers(description, paths):
    """[(tool, [command, ...])]: the first evt tool the description names, and the later
    mentions that write the kind ("..., and evt-runbook history prints the same record")."""
    # `evt` alone is a tool only before one of its commands ("evt status"),
    # not in "every evt tool".
    front = "|".join(sorted({p.split()[0] for p in paths.get("evt", ())}))
    pattern = r"\bevt-([a-z]+)\b(?!')" + (rf"|\bevt(?= (?:{front})\b)" if front else "")
    mentions = [m for m in re.finditer(pattern, description) if (m.group(1) or "evt") in paths]
    found, chained = [], []
    for i, m in enumerate(mentions):
        stop = mentions[i + 1].start() if i + 1 < len(mentions) else len(description)
        words = re.finditer(r"[A-Za-z_]+|[.;]", description[m.end():stop])
        verdict, end = "chain" if i + 1 < len(mentions) else "no", stop - m.end()
        for w in words:
            if w.group() in WRITES:
                verdict, end = "yes", w.start()
                break
            if w.group() in NOT_WRITING or w.group() in {".", ";"}:
                verdict = "no"
                break
        segment = description[m.end():m.end() + end]
        tool = m.group(1) or "evt"
        entry = (tool, commands_in(segment, paths[tool]))
        if i == 0:  # the description opens with the writer: "evt-price check reads ... and writes"
            found.append(entry)
        elif verdict == "chain":
            chained.append(entry)
        else:
            if verdict == "yes":
                found += chained + [entry]
            chained = []
    return found


def envelope():
    with open(os.path.join(ROOT, "common", "record_envelope.cc"), encoding="utf-8") as f:
        text = re.search(r'R"json\((.*)\)json"', f.read(), re.S).group(1)
    return json.loads(text)


def cell(text):
    return text.replace("|", "\\|")


def render():
    paths = command_paths()
    schemas = []
    for path in sorted(glob.glob(os.path.join(ROOT, "schemas", "records", "*.json"))):
        with open(path, encoding="utf-8") as f:
            schemas.append((os.path.basename(path), json.load(f)))

    by_tool = {}
    for name, schema in schemas:
        kind = schema["kind"]
        if kind in OTHER_WRITERS:
            by_tool.setdefault("", []).append((name, schema, OTHER_WRITERS[kind]))
            continue
        found = writers(schema["description"], paths)
        if not found:
            sys.exit(f"gen-records-md: schemas/records/{name}: the description names no evt tool that writes it")
        shown = []
        for tool, commands in found:
            for text in [f"`{program(tool)} {c}`" for c in commands] or [f"`{program(tool)}`"]:
                if text not in shown:
                    shown.append(text)
        by_tool.setdefault(found[0][0], []).append((name, schema, ", ".join(shown)))

    out = [
        "# Record kinds",
        "",
        "<!-- Generated by scripts/gen-records-md.py from schemas/records/*.json; do not edit. -->",
        "",
        "Every record kind of the evt stream, by the tool that writes it. Each kind's schema,",
        "`schemas/records/KIND.json`, is the definition: its fields, their types and units, and an",
        "example; `evt(7)` (`man/evt.7`) is generated from the same files, and doc/design.md §3",
        "describes the stream they travel in.",
        "",
        "## The envelope",
        "",
        cell(envelope()["description"]),
        "",
        "| field | type | meaning |",
        "|---|---|---|",
    ]
    for field, spec in envelope()["fields"].items():
        doc = spec["doc"].replace("the kinds under RECORD KINDS", "the kinds below")
        out.append(f"| `{field}` | {spec['type']} | {cell(doc)} |")
    for tool in sorted(t for t in by_tool if t) + ([""] if "" in by_tool else []):
        out += ["", f"## {program(tool) if tool else 'Written elsewhere'}", ""]
        out += ["| kind | v | what it is | written by | schema |", "|---|---|---|---|---|"]
        for name, schema, how in sorted(by_tool[tool], key=lambda e: e[1]["kind"]):
            out.append(f"| `{schema['kind']}` | {schema['v']} | {cell(schema['summary'])} | {cell(how)} | "
                       f"[{name}](../schemas/records/{name}) |")
    return "\n".join(out) + "\n"


def main():
    text = render()
    if sys.argv[1:] == ["--check"]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("gen-records-md: doc/records.md is out of date; run scripts/gen-records-md.py")
        return
    if sys.argv[1:]:
        sys.exit("usage: scripts/gen-records-md.py [--check]")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()

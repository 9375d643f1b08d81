#!/usr/bin/env python3
"""Holds every tool's parser to the flag vocabulary (doc/design.md §7.2).

Usage: vocabulary.py FLAGS_JSON DESIGN_MD DESCRIPTION_JSON...

Each DESCRIPTION_JSON is one tool's `evt-NAME --evt-generate json`. Prints
one line per breach, "evt-NAME CMD: what", and exits 1 if there is any.
"""
import json
import re
import sys


def spellings(option):
    return set(option["names"])


def where(tool, command):
    return " ".join([tool] + command["path"])


def is_old_spelling(option):
    """An alias kept for one release: hidden and marked deprecated."""
    return option["deprecated"] and option["hidden"]


def check_table_flag(flag, option):
    """The breaches of `option`, which shares a name with the table's `flag`."""
    problems = []
    names = " ".join(sorted(spellings(option)))
    if spellings(option) != set(flag["names"]):
        problems.append(f"{names}: spelled {' '.join(option['names'])}, the table says {', '.join(flag['names'])}")
    if option["takes_value"] != flag["takes_value"]:
        shape = "a value" if flag["takes_value"] else "no value"
        problems.append(f"{names}: the table's {flag['names'][-1]} takes {shape}")
        return problems
    if "types" in flag and option["type"] not in flag["types"]:
        problems.append(f"{names}: value {option['type']!r}, the table's is one of {flag['types']}")
    if "choices" in flag and option["choices"] != flag["choices"]:
        problems.append(f"{names}: choices {option['choices']}, the table's are {flag['choices']}")
    if "choices_within" in flag:
        stray = [c for c in option["choices"] if c not in flag["choices_within"]]
        if stray or not option["choices"]:
            problems.append(f"{names}: choices {option['choices']}, the table allows {flag['choices_within']}")
    return problems


def excepted(rule, tool, option):
    return any(e["tool"] == tool and set(e["names"]) == spellings(option) for e in rule.get("except", []))


def check_other_spelling(rule, tool, option):
    if excepted(rule, tool, option):
        return []
    if "when_choices_meet" in rule and option["choices"]:
        if not set(option["choices"]) & set(rule["when_choices_meet"]):
            return []
    return [f"{rule['name']}: spells {rule['means']} another way (keep it only as a hidden deprecated alias)"]


def check_option(vocabulary, tool, option):
    problems = []
    if option["deprecated"] and not option["hidden"]:
        problems.append(f"{' '.join(option['names'])}: deprecated but shown in help")
    if is_old_spelling(option):
        return problems
    for flag in vocabulary["flags"]:
        if spellings(option) & set(flag["names"]):
            problems += check_table_flag(flag, option)
    for rule in vocabulary["other_spellings"]:
        if rule["name"] in spellings(option):
            problems += check_other_spelling(rule, tool, option)
    return problems


# Parent options a subcommand inherits but refuses when given (exit 2, checked
# in vocabulary.sh): CLI11 cannot pass the common options down without them.
REFUSED_AT_PARSE = {
    ("canary", "status"): {"--to", "--steps", "--interval", "--yes", "--dry-run"},
    ("canary", "abort"): {"--to", "--steps", "--interval", "--yes", "--dry-run"},
}


def inherited_tool_options(commands):
    """Options of a parent that a subcommand accepts by CLI11's fallthrough
    though they mean nothing there: only the common options may pass down."""
    by_path = {tuple(c["path"]): c for c in commands}
    problems = []
    for command in commands:
        path = tuple(command["path"])
        if not path or not command["inherits_parent_options"]:
            continue
        ancestor, above = command, path[:-1]
        while ancestor["inherits_parent_options"] and above in by_path:
            ancestor = by_path[above]
            for option in ancestor["options"]:
                refused = REFUSED_AT_PARSE.get(path, set())
                if refused & set(option["names"]):
                    continue
                if option["group"] != "Common options" and "--help" not in option["names"] and not option["hidden"]:
                    problems.append(f"{' '.join(path)}: accepts {' '.join(above) or 'the root'}'s {'/'.join(option['names'])}")
            above = above[:-1]
    return problems


def table_rows(design_md):
    """The first column of the table in §7.2 of design.md."""
    section = re.search(r"^### 7\.2 .*?$(.*?)^### ", design_md, re.S | re.M)
    if not section:
        return None
    rows = set()
    for line in section.group(1).splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)]
        if len(cells) > 2 and cells[1].startswith("`"):
            rows.add(cells[1])
    return rows


def main(argv):
    vocabulary = json.load(open(argv[1], encoding="utf-8"))
    problems = []
    rows = table_rows(open(argv[2], encoding="utf-8").read())
    spelled = {flag["spelled"] for flag in vocabulary["flags"]}
    if rows is None:
        problems.append("doc/design.md: no §7.2")
    elif rows != spelled:
        problems.append(f"doc/design.md §7.2: only in the table {sorted(rows - spelled)}, "
                        f"only in doc/flags.json {sorted(spelled - rows)}")
    for path in argv[3:]:
        description = json.load(open(path, encoding="utf-8"))
        tool = description["tool"]
        if len(description["commands"]) < 2:
            problems.append(f"{tool}: the description lists no subcommand")
        problems += [f"{tool} {p}" for p in inherited_tool_options(description["commands"])]
        for command in description["commands"]:
            for option in command["options"]:
                problems += [f"{where(tool, command)}: {p}" for p in check_option(vocabulary, tool, option)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""A brief in the format asked for: the terminal (paged), Markdown or JSON, to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from coach.errors import CoachError, UsageError
from coach.vocab import TextFormat

SUFFIX_FORMATS = {
    ".md": TextFormat.markdown, ".markdown": TextFormat.markdown, ".json": TextFormat.json,
}


def brief_format(fmt: Optional[TextFormat], output: Optional[Path]) -> TextFormat:
    if output is not None and output.is_dir():
        raise CoachError(f"--output: {output} is a folder; give a file name")
    if fmt is not None:
        return fmt
    if output is not None:
        found = SUFFIX_FORMATS.get(output.suffix.lower())
        if found is None:
            raise UsageError("--output: say --format markdown or json (or use a .md/.json name)")
        return found
    return TextFormat.terminal


def emit_brief(brief, fmt: TextFormat, output: Optional[Path], force: bool, short: bool,
          inputs: tuple = ()) -> None:
    if fmt is TextFormat.terminal and output is None:
        from coach.render.terminal import print_brief

        print_brief(brief, short=short, page=True)
        return
    if fmt is TextFormat.markdown:
        from coach.render.markdown import render_markdown

        text = render_markdown(brief, short=short)
    elif fmt is TextFormat.json:
        from coach.render.json import dumps

        text = dumps(brief) + "\n"
    else:
        raise UsageError("--output: the terminal format cannot be saved; use --format markdown")
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from coach.writefile import write_new

    write_new(output, text, force=force, inputs=[p for p in inputs if p])
    print(f"saved {output}", file=sys.stderr)

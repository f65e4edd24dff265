"""What must survive translation untouched: Python's and format()'s placeholders."""

import re

# %(count)d, %s, {name}, and a format spec as DRF writes one: {code_point:X}.
PATTERN = r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*(?::[^{}]*)?\}"
PLACEHOLDER = re.compile(PATTERN)

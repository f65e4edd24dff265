"""A rendered page read as a person (or a screen reader) meets it: labels and their marks,
the error summary's items and links, the inputs and the fieldsets around them, the options
of a select, the terms of a description list and the headers of a table."""

from html.parser import HTMLParser

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}
# Elements whose text is collected, with the required mark's star left out (it is aria-hidden).
TEXTS = {"label", "legend", "dt", "th", "h2", "li"}


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.labels: dict[str, dict] = {}  # the id a label is for -> {"text", "marked"}
        self.fieldsets: list[dict] = []  # {"attrs", "legend", "ids"}, as they close
        self.inputs: dict[str, dict] = {}  # id -> attributes, "_fieldset": the innermost one
        self.summary: list[dict] = []  # the error summary's items: {"text", "href"}
        self.summary_title = ""
        self.terms: list[str] = []
        self.headers: list[str] = []
        self.options: dict[str, list] = {}  # select name -> [(optgroup label or "", value)]
        self._open: list[tuple[str, dict]] = []
        self._open_fieldsets: list[dict] = []
        self._texts: list[dict] = []
        self._select = None
        self._group = ""
        self.feed(html)

    def _in(self, test) -> bool:
        return any(test(tag, attrs) for tag, attrs in self._open)

    def _in_summary(self) -> bool:
        return self._in(lambda _tag, attrs: "data-error-summary" in attrs)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "fieldset":
            self._open_fieldsets.append({"attrs": attrs, "legend": None, "ids": []})
        if tag in TEXTS:
            self._texts.append({"tag": tag, "attrs": attrs, "text": [], "marked": False})
        if tag == "span" and "required-mark" in attrs.get("class", "") and self._texts:
            self._texts[-1]["marked"] = True
        if tag == "a" and self._in_summary() and self._texts:
            self._texts[-1]["href"] = attrs.get("href", "")
        if tag in ("input", "select", "textarea") and "id" in attrs:
            around = self._open_fieldsets[-1] if self._open_fieldsets else None
            self.inputs[attrs["id"]] = {"tag": tag, **attrs, "_fieldset": around}
            for fieldset in self._open_fieldsets:
                fieldset["ids"].append(attrs["id"])
        if tag == "select":
            self._select = self.options.setdefault(attrs.get("name", ""), [])
        if tag == "optgroup":
            self._group = attrs.get("label", "")
        if tag == "option" and self._select is not None:
            self._select.append((self._group, attrs.get("value", "")))
        if tag not in VOID:
            self._open.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "optgroup":
            self._group = ""
        if self._texts and self._texts[-1]["tag"] == tag:
            self._closed(self._texts.pop())
        if tag == "fieldset" and self._open_fieldsets:
            self.fieldsets.append(self._open_fieldsets.pop())
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self._in(lambda tag, attrs: "required-mark" in attrs.get("class", "")):
            return
        for collecting in self._texts:
            collecting["text"].append(data)

    def _closed(self, element):
        text = " ".join("".join(element["text"]).split())
        tag, attrs = element["tag"], element["attrs"]
        read = {"text": text, "marked": element["marked"]}
        if tag == "label" and attrs.get("for"):
            self.labels[attrs["for"]] = read
        elif tag == "legend" and self._open_fieldsets:
            self._open_fieldsets[-1]["legend"] = read
        elif tag == "dt":
            self.terms.append(text)
        elif tag == "th" and attrs.get("scope") == "col":
            self.headers.append(text)
        elif tag == "h2" and self._in_summary():
            self.summary_title = text
        elif tag == "li" and self._in_summary():
            self.summary.append({"text": text, "href": element.get("href")})

    def label(self, field_id: str) -> dict:
        """What names an input: its label, or for a group of checkboxes (`id_x_0`, `id_x_1`,
        ...) the legend of the group's fieldset."""
        group = self.group(field_id)
        if group is not None:
            return group["legend"]
        return self.labels[field_id]

    def group(self, field_id: str):
        base = field_id.removesuffix("_0")
        for fieldset in self.fieldsets:
            ids = fieldset["ids"]
            if fieldset["legend"] and ids and all(i.startswith(f"{base}_") for i in ids):
                return fieldset
        return None

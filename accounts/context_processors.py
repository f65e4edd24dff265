from accounts.territories import KOSOVO_FOOTNOTE


def kosovo_footnote(request):
    """Every page that can name Kosovo* carries its footnote."""
    return {"KOSOVO_FOOTNOTE": KOSOVO_FOOTNOTE}

"""Articles with hand-made analyses for the store tests (no NLP), shared by the tests of each
back end."""

from __future__ import annotations

from storyweave.model import (
    Analysis,
    Article,
    Mention,
    NameGroup,
    Origin,
    Quantity,
    Sentence,
    TimeExpr,
    article_id,
)

TEXT = (
    "The mayor of Arlen, Petra Novak, opened the bridge on Monday.\n\nNovak said it took 3 years."
)


def pair(text: str = TEXT, file: str = "a.txt", title: str = "Bridge opens"):
    art = Article(
        id=article_id(text),
        text=text,
        title=title,
        source="Valley Courier",
        published="2024-05-08",
        origins=(Origin(file=file),),
    )
    analysis = Analysis(
        article=art.id,
        language="en",
        sentences=(Sentence(0, 0, 61, 0), Sentence(1, 63, len(text), 1)),
        mentions=(
            Mention(20, 31, "Petra Novak", "PERSON", "Petra Novak", group=0, sentence=0),
            Mention(63, 68, "Novak", "GPE", "Novak", group=0, sentence=1),
        ),
        groups=(NameGroup(0, "Petra Novak", {"PERSON": 1, "GPE": 1}, (0, 1)),),
        time_expressions=(
            TimeExpr(51, 60, "on Monday", "DATE", "2024-05-06", anchor="2024-05-08"),
        ),
        quantities=(Quantity(82, 89, "3 years", 3.0, "year"),),
        vector=b"\x00\x00\x80?" * 4,
    )
    return art, analysis

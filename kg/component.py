"""A spaCy component: ``nlp.add_pipe("kg_claims")`` puts kg's claims of each text in
``doc._.claims`` (a list of ``kg.types.Claim``, the same as ``kg.claims(text)`` gives).

For notebooks that already run spaCy: add the component to an English pipeline with a tagger,
parser, lemmatizer and named entities (``en_core_web_sm`` or larger) and every ``Doc`` carries
its claims. It reads the parse the pipeline made, so two things make that parse kg's own:

* adding it also puts ``kg_paragraph_breaks`` before the parser (a line break ends a sentence),
  as ``kg`` does;
* ``kg`` never parses a leading publisher line ("From the Sunday Times") or trailing page junk
  (share-button labels), whose words would change the parse of their neighbours. For a text that
  has them, the component parses the body again with the components before it, blanks in their
  place, so the claims are kg's, claim for claim; other texts are parsed once.

spaCy finds the factory through the ``spacy_factories`` entry point, so no ``import kg`` is needed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import PipelineError

FACTORY = "kg_claims"
NEEDED = ("tagger", "parser", "lemmatizer", "ner")

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)


class ClaimsComponent:
    """Finds the claims of each ``Doc`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, doc_id: str) -> None:
        from kg.parse import ensure_paragraph_breaks
        from kg.pipeline import Extractor

        missing = [c for c in NEEDED if c not in nlp.pipe_names]
        if missing:
            raise PipelineError(
                f"kg_claims needs a pipeline with {', '.join(NEEDED)}; this one lacks "
                f"{', '.join(missing)} (use en_core_web_sm or larger)"
            )
        ensure_paragraph_breaks(nlp)
        self.nlp = nlp
        self.name = name
        self.doc_id = doc_id
        self.extractor = Extractor.around(nlp)

    def __call__(self, doc: Doc) -> Doc:
        from kg.parse import body_text
        from kg.read import make_article

        article = make_article(doc.user_data.get("kg_id", self.doc_id), doc.text)
        parsed = doc
        if article.body_start > 0 or article.body_end is not None:
            parsed = self._parse(body_text(article))
        result = self.extractor.result(article, parsed)
        doc._.claims = list(result.claims)
        return doc

    def _parse(self, text: str) -> Doc:
        """``text`` through this pipeline's components that run before this one."""
        doc = self.nlp.make_doc(text)
        for name, component in self.nlp.pipeline:
            if name == self.name:
                break
            doc = component(doc)
        return doc


@Language.factory(FACTORY, default_config={"doc_id": "doc"})
def make_claims_component(nlp: Language, name: str, doc_id: str) -> ClaimsComponent:
    """``nlp.add_pipe("kg_claims", config={"doc_id": "…"})``: the id claims carry in ``doc``
    (``doc.user_data["kg_id"]`` overrides it for one ``Doc``)."""
    return ClaimsComponent(nlp, name, doc_id)

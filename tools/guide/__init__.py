"""The clerk's guide (docs/huong-dan/) as a tested site: its command blocks run against a scratch
copy of inputs/ (:mod:`tools.guide.steps`), its pictures made from what they wrote, its reference
generated from the code (:mod:`tools.guide.reference`), the whole built by MkDocs
(:mod:`tools.guide.build`, ``make docs``)."""

-- What an imported GEDCOM file said beyond the drawing (the record's XREF,
-- the name's parts, full dates with their qualifiers, places, notes), as
-- JSON, so that a GEDCOM export gives it back. Empty for persons and
-- partnerships made in Rotonde.
ALTER TABLE genogram_persons ADD COLUMN gedcom TEXT NOT NULL DEFAULT '';
ALTER TABLE genogram_partnerships ADD COLUMN gedcom TEXT NOT NULL DEFAULT '';

-- When and where a meeting takes place, so the members of the case see
-- the invitation on their start page and can put it in their calendar.
-- place is free text: a room, an address or a video link.
ALTER TABLE meetings ADD COLUMN planned_at {{time}};
ALTER TABLE meetings ADD COLUMN place TEXT NOT NULL DEFAULT '';

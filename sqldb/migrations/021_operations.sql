-- One row that /readyz and the start of serve write to, to learn whether
-- the database accepts writes (a read-only file or a full disk).
CREATE TABLE write_probe (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	written_at TIMESTAMP NOT NULL
);

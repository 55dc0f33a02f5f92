-- The network view at scale (issue 12). Per municipality and column of the
-- view's tables (grid 'phase', 'cycle', 'signals' or 'barriers'; col the
-- column's key: a phase or 'none', 0 to 4 learning-cycle steps, a signal
-- key, a kind of barrier) the open cases it counts. The transaction that
-- changes what a case counts moves it here too (sqldb/networktally.go), so
-- the view reads a few hundred rows instead of every open case. The counts
-- follow the case's summary columns (migration 025); a case counts while it
-- is not closed and has a municipality.
CREATE TABLE network_tallies (
	municipality_id {{bigint}} NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
	grid TEXT NOT NULL,
	col TEXT NOT NULL,
	cases INTEGER NOT NULL,
	PRIMARY KEY (municipality_id, grid, col)
);

-- The cases there are now, counted as sqldb.NetworkService.RecountTallies
-- counts them. The bits of the masks: rotonde.BarrierKinds and sqldb's
-- overviewSignal, in their order.
INSERT INTO network_tallies (municipality_id, grid, col, cases)
SELECT municipality_id, 'phase', CASE WHEN phase = '' THEN 'none' ELSE phase END, COUNT(*)
FROM cases WHERE municipality_id IS NOT NULL AND status <> 'closed'
GROUP BY municipality_id, CASE WHEN phase = '' THEN 'none' ELSE phase END;

INSERT INTO network_tallies (municipality_id, grid, col, cases)
SELECT municipality_id, 'cycle', CASE WHEN cycle_steps >= 4 THEN '4' WHEN cycle_steps <= 0 THEN '0' ELSE CAST(cycle_steps AS TEXT) END, COUNT(*)
FROM cases WHERE municipality_id IS NOT NULL AND status <> 'closed'
GROUP BY municipality_id, CASE WHEN cycle_steps >= 4 THEN '4' WHEN cycle_steps <= 0 THEN '0' ELSE CAST(cycle_steps AS TEXT) END;

INSERT INTO network_tallies (municipality_id, grid, col, cases)
SELECT c.municipality_id, 'barriers', k.column2, COUNT(*)
FROM cases c JOIN (VALUES (0, 'rules'), (1, 'financing'), (2, 'contracting'), (3, 'capacity'), (4, 'waiting'), (5, 'other')) AS k
	ON ((c.barrier_kinds >> k.column1) & 1) = 1
WHERE c.municipality_id IS NOT NULL AND c.status <> 'closed'
GROUP BY c.municipality_id, k.column2;

INSERT INTO network_tallies (municipality_id, grid, col, cases)
SELECT c.municipality_id, 'signals', k.column2, COUNT(*)
FROM cases c JOIN (VALUES (0, 'helpers'), (1, 'placements'), (2, 'parallel'), (3, 'repeated'), (4, 'escalation'), (5, 'waiting'), (6, 'gaps'), (7, 'voice')) AS k
	ON ((c.signal_kinds >> k.column1) & 1) = 1
WHERE c.municipality_id IS NOT NULL AND c.status <> 'closed'
GROUP BY c.municipality_id, k.column2;

-- A shared record outlives the purge of its case (sqldb/retention.go): the
-- approved paraphrase belongs to the network's knowledge. kept_at is when
-- its case was purged; from then on the record has no source (no case, no
-- owner to edit it) and its body is its paraphrase.
ALTER TABLE knowledge_records ADD COLUMN kept_at {{time}};

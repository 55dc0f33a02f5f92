-- Research access (issue 13): a researcher may export a network's shared,
-- coded material while an administrator's grant for that region holds.
CREATE TABLE research_grants (
	id {{id}},
	researcher_id {{bigint}} NOT NULL REFERENCES users(id),
	region_id {{bigint}} NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
	valid_until {{time}} NOT NULL,
	purpose TEXT NOT NULL,
	granted_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL,
	created_at {{time}} NOT NULL,
	revoked_at {{time}},
	revoked_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX research_grants_researcher ON research_grants(researcher_id, region_id);
CREATE INDEX research_grants_region ON research_grants(region_id);

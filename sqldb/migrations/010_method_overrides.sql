-- An organisation's own wording of the method library: one row per
-- organisation. terms is a JSON list of method.Term, patch a partial library
-- document (see method.Override); both are validated by merging them onto
-- the standard library before they are stored. digest is a hash of terms and
-- patch: servers compare it to know whether their merged copy is still current.

CREATE TABLE method_overrides (
	org_id {{bigint}} PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
	terms TEXT NOT NULL DEFAULT '[]',
	patch TEXT NOT NULL DEFAULT '{}',
	digest TEXT NOT NULL,
	updated_at {{time}} NOT NULL,
	updated_by {{bigint}} REFERENCES users(id) ON DELETE SET NULL
);

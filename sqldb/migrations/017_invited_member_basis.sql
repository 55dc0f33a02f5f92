-- Memberships made by accepting an invitation were stored with the default
-- basis 'own_org', whatever the account's organisation, so an invited member
-- of another organisation kept access without consent or a legal basis.
-- Give them the basis the membership rule (policy.JoinBasis) gives: 'family'
-- for accounts without an organisation, 'shared' for accounts of another
-- organisation than the case owner's (open only while a ground is in force).
UPDATE case_members SET basis = 'family'
WHERE basis = 'own_org'
	AND EXISTS (SELECT 1 FROM invitations i WHERE i.case_id = case_members.case_id AND i.used_by = case_members.user_id)
	AND EXISTS (SELECT 1 FROM users u WHERE u.id = case_members.user_id AND (u.org_id IS NULL OR u.role = 'family'));

UPDATE case_members SET basis = 'shared'
WHERE basis = 'own_org'
	AND EXISTS (SELECT 1 FROM invitations i WHERE i.case_id = case_members.case_id AND i.used_by = case_members.user_id)
	AND EXISTS (SELECT 1 FROM users u WHERE u.id = case_members.user_id AND u.org_id IS NOT NULL AND u.role <> 'family'
		AND NOT EXISTS (SELECT 1 FROM cases c JOIN users o ON o.id = c.created_by
			WHERE c.id = case_members.case_id AND o.org_id = u.org_id));

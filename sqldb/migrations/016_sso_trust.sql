-- Single sign-on: a provider counts as enforcing its own second factor only
-- when the system administrator marked it so. Marks stored before this rule
-- may have been set by an organisation's administrator for a provider they
-- run; they are cleared, so those logins ask for the account's own second
-- factor until the system administrator marks the provider again.
UPDATE sso_configs SET enforces_mfa = FALSE
WHERE enforces_mfa = TRUE AND updated_by IS NOT NULL
	AND updated_by NOT IN (SELECT id FROM users WHERE role = 'sysadmin');

package policy

import rotonde "github.com/rotonde-jeugd/rotonde"

// CanReadSecurityLog reports whether the actor may read every security event
// (password resets, second factors, tokens, single sign-on changes, …).
// Only the system administrator may; everyone reads their own on /account.
func CanReadSecurityLog(actor *rotonde.User) bool {
	return actor != nil && !actor.Disabled && actor.Role == rotonde.RoleSysAdmin
}

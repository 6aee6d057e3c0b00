package castai

import (
	"slices"
	"strings"
)

// Defect is a way castsim can be made deliberately wrong, so that a
// conformance suite can prove it catches a broken service.
type Defect struct {
	Name        string
	Description string
}

// Defect mode names.
const (
	DefectCaseSensitiveUserName       = "case-sensitive-username"
	DefectIgnoreMemberRemove          = "ignore-member-remove"
	DefectNoUniqueness                = "no-uniqueness"
	DefectDropDisplayNameUpdate       = "drop-displayname-update"
	DefectDeactivateDeletesUser       = "deactivate-deletes-user"
	DefectSyncClearsRoleBindings      = "sync-clears-role-bindings"
	DefectIgnoreDefaultRole           = "ignore-default-role"
	DefectStoreTitle                  = "store-title"
	DefectSecretNotRequired           = "secret-not-required"
	DefectKeepAccessAfterGroupRemoval = "keep-access-after-group-removal"
	DefectSessionsSurviveDeactivation = "sessions-survive-deactivation"
	DefectInactiveCanSignIn           = "inactive-can-sign-in"
)

var defects = []Defect{
	{
		DefectCaseSensitiveUserName,
		"userName lookups, filters and uniqueness compare case exactly",
	},
	{
		DefectIgnoreMemberRemove,
		"SCIM PATCH remove operations on group members answer success but change nothing",
	},
	{
		DefectNoUniqueness,
		"a duplicate userName or group displayName is created (201) instead of refused (409)",
	},
	{
		DefectDropDisplayNameUpdate,
		"a changed displayName of a user or group (PUT or PATCH) is acknowledged but not stored",
	},
	{
		DefectDeactivateDeletesUser,
		"active:false deletes the user instead of keeping it inactive",
	},
	{
		DefectSyncClearsRoleBindings,
		"every SCIM PUT or PATCH of a group deletes the role bindings on that group",
	},
	{
		DefectIgnoreDefaultRole,
		"new joiners get Viewer whatever the SSO connection's defaultRoleId says",
	},
	{
		DefectStoreTitle,
		"the user attribute title is stored and returned instead of dropped",
	},
	{
		DefectSecretNotRequired,
		"SSO connection updates without clientSecret are accepted",
	},
	{
		DefectKeepAccessAfterGroupRemoval,
		"a user removed from a group keeps the access that came from the group's bindings",
	},
	{
		DefectSessionsSurviveDeactivation,
		"a console session stays valid after its user is deactivated (scimActive false)",
	},
	{
		DefectInactiveCanSignIn,
		"a user whose scimActive is false can still sign in with SSO",
	},
}

// Defects returns every defect mode with a one-line description.
func Defects() []Defect { return slices.Clone(defects) }

func lookupDefect(name string) (Defect, bool) {
	for _, d := range defects {
		if d.Name == name {
			return d, true
		}
	}
	return Defect{}, false
}

func defectNames() string {
	names := make([]string, len(defects))
	for i, d := range defects {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

// defectSet is the set of defect modes a server runs with.
type defectSet map[string]bool

func newDefectSet(names []string) defectSet {
	set := defectSet{}
	for _, n := range names {
		set[n] = true
	}
	return set
}

func (d defectSet) on(name string) bool { return d[name] }

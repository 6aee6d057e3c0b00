package scimclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/idpsim/idpsim/scim"
)

// Profile shapes the lifecycle steps on which IdP clients differ. The
// engine calls the Client's methods; the Client hands these steps to the
// profile named in Settings.Profile. A new dialect (Microsoft Entra ID's two
// PATCH dialects are the next ones) is one more implementation registered in
// profiles, and the engine does not change.
type Profile interface {
	// UpdateUser pushes the mapped profile of user id.
	UpdateUser(ctx context.Context, c *Client, tag Tag, id string, mapped map[string]any) error
	// SetUserActive deactivates (false) or reactivates (true) user id.
	SetUserActive(ctx context.Context, c *Client, tag Tag, id string, active bool) error
	// RenameGroup asserts the name of group id.
	RenameGroup(ctx context.Context, c *Client, tag Tag, id, displayName string) error
	// UpdateMembers adds and removes members of group id.
	UpdateMembers(ctx context.Context, c *Client, tag Tag, id, displayName string,
		add []scim.Member, remove []string) error
	// ReplaceMembers sets the whole member list of group id.
	ReplaceMembers(ctx context.Context, c *Client, tag Tag, id, displayName string,
		members []scim.Member) error
}

// profiles maps Settings.Profile to its implementation.
var profiles = map[string]Profile{
	ProfileOIN: oinProfile{},
	ProfileAIW: aiwProfile{},
}

// Profiles returns the names of the known client profiles.
func Profiles() []string {
	return []string{ProfileOIN, ProfileAIW}
}

// wireMembers keeps only value and display, the two fields Okta sends, and
// never returns nil (an empty list is sent as []).
func wireMembers(ms []scim.Member) []scim.Member {
	out := make([]scim.Member, 0, len(ms))
	for _, m := range ms {
		out = append(out, scim.Member{Value: m.Value, Display: m.Display})
	}
	return out
}

// memberFilterPath is the path that removes one member,
// members[value eq "<id>"] (RFC 7644 §3.5.2.3).
func memberFilterPath(id string) string {
	return fmt.Sprintf("members[%s]", eqFilter("value", id))
}

// memberChange is one entry of a membership update: an add or a remove.
type memberChange struct {
	add    *scim.Member
	remove string
}

// batches splits the changes into groups of at most size, removes first.
func batches(add []scim.Member, remove []string, size int) [][]memberChange {
	all := make([]memberChange, 0, len(add)+len(remove))
	for _, id := range remove {
		all = append(all, memberChange{remove: id})
	}
	for i := range add {
		all = append(all, memberChange{add: &add[i]})
	}
	var out [][]memberChange
	for len(all) > 0 {
		n := min(size, len(all))
		out = append(out, all[:n])
		all = all[n:]
	}
	return out
}

// setAttr sets attr in m under the spelling m already uses.
func setAttr(m map[string]any, attr string, v any) {
	for k := range m {
		if strings.EqualFold(k, attr) {
			m[k] = v
			return
		}
	}
	m[attr] = v
}

func getAttr(m map[string]any, attr string) any {
	for k, v := range m {
		if strings.EqualFold(k, attr) {
			return v
		}
	}
	return nil
}

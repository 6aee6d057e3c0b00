package scimclient

import (
	"context"
	"net/http"

	"github.com/idpsim/idpsim/scim"
)

// aiwProfile is Okta's client for custom App Integration Wizard apps: every
// change is a GET of the resource followed by a PUT of the whole resource.
type aiwProfile struct{}

// UpdateUser sends GET /Users/{id}, then PUT of the answer with mapped laid
// over it.
func (aiwProfile) UpdateUser(ctx context.Context, c *Client, tag Tag, id string,
	mapped map[string]any,
) error {
	return c.getPut(ctx, tag, userPath(id), mapped)
}

// SetUserActive sends GET /Users/{id}, then PUT with active set.
func (aiwProfile) SetUserActive(ctx context.Context, c *Client, tag Tag, id string,
	active bool,
) error {
	return c.getPut(ctx, tag, userPath(id), map[string]any{"active": active})
}

// RenameGroup sends GET /Groups/{id}, then PUT with displayName set.
func (aiwProfile) RenameGroup(ctx context.Context, c *Client, tag Tag, id,
	displayName string,
) error {
	return putGroup(ctx, c, tag, id, displayName, nil)
}

// UpdateMembers sends GET /Groups/{id}, then PUT of the whole group whose
// member list is the target's minus remove plus add.
func (aiwProfile) UpdateMembers(ctx context.Context, c *Client, tag Tag, id,
	displayName string, add []scim.Member, remove []string,
) error {
	return putGroup(ctx, c, tag, id, displayName, func(current []any) []any {
		leaving := make(map[string]bool, len(remove))
		for _, r := range remove {
			leaving[r] = true
		}
		out := []any{}
		have := map[string]bool{}
		for _, m := range current {
			v := memberValue(m)
			if leaving[v] || have[v] {
				continue
			}
			have[v] = true
			out = append(out, m)
		}
		for _, m := range wireMembers(add) {
			if !have[m.Value] {
				have[m.Value] = true
				out = append(out, map[string]any{"value": m.Value, "display": m.Display})
			}
		}
		return out
	})
}

// ReplaceMembers sends GET /Groups/{id}, then PUT with exactly members.
func (aiwProfile) ReplaceMembers(ctx context.Context, c *Client, tag Tag, id,
	displayName string, members []scim.Member,
) error {
	return putGroup(ctx, c, tag, id, displayName, func([]any) []any {
		out := []any{}
		for _, m := range wireMembers(members) {
			out = append(out, map[string]any{"value": m.Value, "display": m.Display})
		}
		return out
	})
}

// putGroup reads the group, sets its displayName and, when members is not
// nil, its member list, and puts the whole group back.
func putGroup(ctx context.Context, c *Client, tag Tag, id, displayName string,
	members func(current []any) []any,
) error {
	group, err := c.get(ctx, tag, groupPath(id))
	if err != nil {
		return err
	}
	setAttr(group, "displayName", displayName)
	if members != nil {
		current, _ := getAttr(group, "members").([]any)
		setAttr(group, "members", members(current))
	}
	_, err = c.Do(ctx, tag, Request{Method: http.MethodPut, Path: groupPath(id), Body: group})
	return err
}

func memberValue(m any) string {
	obj, _ := m.(map[string]any)
	v, _ := getAttr(obj, "value").(string)
	return v
}

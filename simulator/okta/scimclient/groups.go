package scimclient

import (
	"context"
	"fmt"
	"net/http"

	"github.com/idpsim/idpsim/scim"
)

// FindGroup looks a group up by displayName ("Link Group", and the lookup
// that repeats a create whose answer was lost).
func (c *Client) FindGroup(ctx context.Context, tag Tag,
	displayName string,
) (Resource, bool, error) {
	r, ok, err := c.find(ctx, tag, "/Groups", "displayName", displayName)
	if err != nil {
		return Resource{}, false, fmt.Errorf("find group %q: %w", displayName, err)
	}
	return r, ok, nil
}

// CreateGroup posts {schemas, displayName, members: []} to /Groups
// (OKTA-WIRE.md, Group Push step 1). Okta follows it with RenameGroup and
// then the members; that sequence is the engine's.
func (c *Client) CreateGroup(ctx context.Context, tag Tag, displayName string) (Resource, error) {
	body := struct {
		Schemas     []string      `json:"schemas"`
		DisplayName string        `json:"displayName"`
		Members     []scim.Member `json:"members"`
	}{[]string{scim.SchemaGroup}, displayName, []scim.Member{}}
	resp, err := c.Do(ctx, tag, Request{Method: http.MethodPost, Path: "/Groups", Body: body})
	if err != nil {
		return Resource{}, fmt.Errorf("create group %q: %w", displayName, err)
	}
	r, err := decodeResource(resp.Body)
	if err != nil {
		return Resource{}, fmt.Errorf("create group %q: %w", displayName, err)
	}
	return r, nil
}

// GetGroup reads the group id as the target returns it.
func (c *Client) GetGroup(ctx context.Context, tag Tag, id string) (map[string]any, error) {
	m, err := c.get(ctx, tag, groupPath(id))
	if err != nil {
		return nil, fmt.Errorf("get group %s: %w", id, err)
	}
	return m, nil
}

// RenameGroup asserts the group's name in the profile's shape; Okta sends it
// after a create and before every membership update, even when the name did
// not change.
func (c *Client) RenameGroup(ctx context.Context, tag Tag, id, displayName string) error {
	if err := c.profile.RenameGroup(ctx, c, tag, id, displayName); err != nil {
		return fmt.Errorf("rename group %s: %w", id, err)
	}
	return nil
}

// UpdateMembers adds and removes members of group id (OKTA-WIRE.md, Group
// Push step 2). add holds {value: target user id, display: userName};
// remove holds target user ids. Requests per profile: see Profile.
func (c *Client) UpdateMembers(ctx context.Context, tag Tag, id, displayName string,
	add []scim.Member, remove []string,
) error {
	if err := c.profile.UpdateMembers(ctx, c, tag, id, displayName, add, remove); err != nil {
		return fmt.Errorf("update members of group %s: %w", id, err)
	}
	return nil
}

// ReplaceMembers sets the whole member list of group id, as "Push Now" and
// activating a mapping do (OKTA-WIRE.md, Group Push step 3).
func (c *Client) ReplaceMembers(ctx context.Context, tag Tag, id, displayName string,
	members []scim.Member,
) error {
	if err := c.profile.ReplaceMembers(ctx, c, tag, id, displayName, members); err != nil {
		return fmt.Errorf("replace members of group %s: %w", id, err)
	}
	return nil
}

// DeleteGroup deletes group id ("Delete the group in the target app").
func (c *Client) DeleteGroup(ctx context.Context, tag Tag, id string) error {
	if _, err := c.Do(ctx, tag, Request{Method: http.MethodDelete, Path: groupPath(id)}); err != nil {
		return fmt.Errorf("delete group %s: %w", id, err)
	}
	return nil
}

// Patch sends a PATCH of ops to path.
func (c *Client) Patch(ctx context.Context, tag Tag, path string, ops ...PatchOp) error {
	_, err := c.Do(ctx, tag, Request{Method: http.MethodPatch, Path: path, Body: patchBody{
		Schemas: []string{scim.SchemaPatchOp}, Operations: ops,
	}})
	return err
}

// PatchOp is one PATCH operation whose value is any JSON-encodable value
// (scim.PatchOperation holds raw JSON; this one keeps the field order
// op, path, value that Okta sends).
type PatchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path,omitempty"`
	Value any    `json:"value,omitempty"`
}

type patchBody struct {
	Schemas    []string  `json:"schemas"`
	Operations []PatchOp `json:"Operations"`
}

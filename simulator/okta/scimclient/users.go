package scimclient

import (
	"context"
	"fmt"
	"net/http"
)

// TestConnection runs Okta's "Test API Credentials" (OKTA-WIRE.md, Users
// step 1): GET /Users?startIndex=1&count=2, then GET /Groups?startIndex=1&count=100.
func (c *Client) TestConnection(ctx context.Context, tag Tag) error {
	if _, err := c.Do(ctx, tag, Request{
		Method: http.MethodGet, Path: "/Users",
		Query: pageQuery(1, 2),
	}); err != nil {
		return fmt.Errorf("test connection: %w", err)
	}
	if _, err := c.Do(ctx, tag, Request{
		Method: http.MethodGet, Path: "/Groups",
		Query: pageQuery(1, listCount),
	}); err != nil {
		return fmt.Errorf("test connection: %w", err)
	}
	return nil
}

// FindUser looks a user up by userName (OKTA-WIRE.md, Users step 2). A 200
// without a match and a 404 are both a miss.
func (c *Client) FindUser(ctx context.Context, tag Tag, userName string) (Resource, bool, error) {
	r, ok, err := c.find(ctx, tag, "/Users", "userName", userName)
	if err != nil {
		return Resource{}, false, fmt.Errorf("find user %q: %w", userName, err)
	}
	return r, ok, nil
}

// CreateUser posts body, Okta's create request built by the engine from the
// app's mapping, to /Users. A 2xx without a resource is ErrEmptyResponse
// ("Create new user returned empty user."); a 409 is ErrConflict.
func (c *Client) CreateUser(ctx context.Context, tag Tag, body map[string]any) (Resource, error) {
	resp, err := c.Do(ctx, tag, Request{Method: http.MethodPost, Path: "/Users", Body: body})
	if err != nil {
		return Resource{}, fmt.Errorf("create user: %w", err)
	}
	r, err := decodeResource(resp.Body)
	if err != nil {
		return Resource{}, fmt.Errorf("create user: %w", err)
	}
	return r, nil
}

// GetUser reads the user id as the target returns it.
func (c *Client) GetUser(ctx context.Context, tag Tag, id string) (map[string]any, error) {
	m, err := c.get(ctx, tag, userPath(id))
	if err != nil {
		return nil, fmt.Errorf("get user %s: %w", id, err)
	}
	return m, nil
}

// UpdateUser pushes a profile update in the profile's shape: for oin and
// aiw, GET /Users/{id}, then PUT of that body with the mapped values laid
// over it (OKTA-WIRE.md, Users step 3; see overlay).
func (c *Client) UpdateUser(ctx context.Context, tag Tag, id string, mapped map[string]any) error {
	if err := c.profile.UpdateUser(ctx, c, tag, id, mapped); err != nil {
		return fmt.Errorf("update user %s: %w", id, err)
	}
	return nil
}

// SetUserActive deactivates or reactivates the user id in the profile's
// shape (OKTA-WIRE.md, Users step 4).
func (c *Client) SetUserActive(ctx context.Context, tag Tag, id string, active bool) error {
	if err := c.profile.SetUserActive(ctx, c, tag, id, active); err != nil {
		return fmt.Errorf("set user %s active=%t: %w", id, active, err)
	}
	return nil
}

package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// consoleClient drives the target's Cast AI-style console API with an
// X-API-Key, inside one organization.
type consoleClient struct {
	baseURL string
	apiKey  string
	orgID   string
	hc      *http.Client
}

// consoleUser is one entry of the organization's users list.
type consoleUser struct {
	User struct {
		ID         string `json:"id"`
		Email      string `json:"email"`
		Name       string `json:"name"`
		Username   string `json:"username"`
		ScimActive *bool  `json:"scimActive"`
	} `json:"user"`
	Groups []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
}

// consoleGroup is a Cast AI user group.
type consoleGroup struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ManagedBy   string `json:"managedBy"`
	SSOProvider string `json:"ssoProvider"`
	Definition  struct {
		Members []struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"members"`
	} `json:"definition"`
}

// idRef names a record by id.
type idRef struct {
	ID string `json:"id"`
}

// scope is the organization or one cluster.
type scope struct {
	Organization *idRef `json:"organization,omitempty"`
	Cluster      *idRef `json:"cluster,omitempty"`
}

// subject is a user or a group.
type subject struct {
	User  *idRef `json:"user,omitempty"`
	Group *idRef `json:"group,omitempty"`
}

// roleBinding is a Cast AI role binding.
type roleBinding struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name"`
	Definition struct {
		RoleID   string    `json:"roleId"`
		Scopes   []scope   `json:"scopes"`
		Subjects []subject `json:"subjects"`
	} `json:"definition"`
}

// grant is one entry of a user's effective access.
type grant struct {
	RoleID   string `json:"roleId"`
	RoleName string `json:"roleName"`
	Scope    scope  `json:"scope"`
	Source   struct {
		Kind      string `json:"kind"`
		BindingID string `json:"bindingId"`
		GroupID   string `json:"groupId"`
		GroupName string `json:"groupName"`
	} `json:"source"`
}

// ssoConnection is an SSO connection; the secret is never returned.
type ssoConnection struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	EmailDomain   string `json:"emailDomain"`
	DefaultRoleID string `json:"defaultRoleId"`
	IsSynced      bool   `json:"isSynced"`
}

func (c *consoleClient) org() string { return "/v1/organizations/" + url.PathEscape(c.orgID) }

func (c *consoleClient) request(method, path string, body any) apiCall {
	h := http.Header{"X-Api-Key": {c.apiKey}}
	return apiCall{method: method, url: c.baseURL + path, header: h, body: body}
}

func (c *consoleClient) call(ctx context.Context, method, path string, body, out any) error {
	return explain(sendOK(ctx, c.hc, c.request(method, path, body), out))
}

func (c *consoleClient) users(ctx context.Context) ([]consoleUser, error) {
	var out struct {
		Users []consoleUser `json:"users"`
	}
	if err := c.call(ctx, http.MethodGet, c.org()+"/users", nil, &out); err != nil {
		return nil, fmt.Errorf("list cast ai users: %w", err)
	}
	return out.Users, nil
}

func (c *consoleClient) access(ctx context.Context, userID string) ([]grant, error) {
	var out struct {
		Access []grant `json:"access"`
	}
	path := c.org() + "/users/" + url.PathEscape(userID) + "/access"
	if err := c.call(ctx, http.MethodGet, path, nil, &out); err != nil {
		return nil, fmt.Errorf("read access of %s: %w", userID, err)
	}
	return out.Access, nil
}

func (c *consoleClient) groups(ctx context.Context) ([]consoleGroup, error) {
	var out struct {
		Groups []consoleGroup `json:"groups"`
	}
	if err := c.call(ctx, http.MethodGet, c.org()+"/groups", nil, &out); err != nil {
		return nil, fmt.Errorf("list cast ai groups: %w", err)
	}
	return out.Groups, nil
}

func (c *consoleClient) roles(ctx context.Context) (map[string]string, error) {
	var out struct {
		Roles []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"roles"`
	}
	if err := c.call(ctx, http.MethodGet, c.org()+"/roles", nil, &out); err != nil {
		return nil, fmt.Errorf("list cast ai roles: %w", err)
	}
	byName := map[string]string{}
	for _, r := range out.Roles {
		byName[r.Name] = r.ID
	}
	return byName, nil
}

func (c *consoleClient) bindings(ctx context.Context) ([]roleBinding, error) {
	var out struct {
		RoleBindings []roleBinding `json:"roleBindings"`
	}
	if err := c.call(ctx, http.MethodGet, c.org()+"/role-bindings", nil, &out); err != nil {
		return nil, fmt.Errorf("list role bindings: %w", err)
	}
	return out.RoleBindings, nil
}

func (c *consoleClient) createBinding(ctx context.Context, b roleBinding) (string, error) {
	var out []roleBinding
	if err := c.call(ctx, http.MethodPost, c.org()+"/role-bindings", []roleBinding{b}, &out); err != nil {
		return "", fmt.Errorf("create role binding %s: %w", b.Name, err)
	}
	if len(out) != 1 || out[0].ID == "" {
		return "", fmt.Errorf("create role binding %s: answer holds %d bindings", b.Name, len(out))
	}
	return out[0].ID, nil
}

func (c *consoleClient) deleteBinding(ctx context.Context, id string) error {
	path := c.org() + "/role-bindings/" + url.PathEscape(id)
	if err := c.call(ctx, http.MethodDelete, path, nil, nil); err != nil {
		return fmt.Errorf("delete role binding %s: %w", id, err)
	}
	return nil
}

func (c *consoleClient) deleteUser(ctx context.Context, id string) error {
	path := c.org() + "/users/" + url.PathEscape(id)
	if err := c.call(ctx, http.MethodDelete, path, nil, nil); err != nil {
		return fmt.Errorf("delete cast ai user %s: %w", id, err)
	}
	return nil
}

func (c *consoleClient) deleteGroup(ctx context.Context, id string) error {
	path := c.org() + "/groups/" + url.PathEscape(id)
	if err := c.call(ctx, http.MethodDelete, path, nil, nil); err != nil {
		return fmt.Errorf("delete cast ai group %s: %w", id, err)
	}
	return nil
}

package scimspec

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/idpsim/idpsim/scim"
)

// Session is the working space of one or more checks: the client, a name
// prefix, and the resources created so far, deleted again by Cleanup.
type Session struct {
	Client *Client
	Prefix string // prepended to every userName and displayName a check creates

	mu      sync.Mutex
	created []string // resource paths, in creation order
	seq     int
}

// NewSession returns a session on c whose names start with prefix.
func NewSession(c *Client, prefix string) *Session {
	return &Session{Client: c, Prefix: prefix}
}

// Cleanup deletes every resource the session created, newest first.
func (s *Session) Cleanup(ctx context.Context) error {
	s.mu.Lock()
	paths := s.created
	s.created = nil
	s.mu.Unlock()

	var errs []error
	for i := len(paths) - 1; i >= 0; i-- {
		if err := s.Client.Delete(ctx, paths[i]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// uniqueName returns a fresh name stem with the session prefix.
func (s *Session) uniqueName(kind string) string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()

	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s%s-%s-%d", s.Prefix, kind, hex.EncodeToString(b[:]), n)
}

func (s *Session) remember(path string) {
	s.mu.Lock()
	s.created = append(s.created, path)
	s.mu.Unlock()
}

// realisticUser is the body Okta posts for a new user (OKTA-WIRE.md, Users 2).
func realisticUser(userName, externalID string) map[string]any {
	return map[string]any{
		"schemas":  []string{scim.SchemaUser},
		"userName": userName,
		"name":     map[string]any{"givenName": "Morgan", "familyName": "Lee"},
		"emails": []map[string]any{
			{"primary": true, "value": userName, "type": scim.EmailTypeWork},
		},
		"displayName": "Morgan Lee",
		"locale":      "en-US",
		"externalId":  externalID,
		"groups":      []any{},
		"password":    "xK9!vR2#pL7q",
		"active":      true,
	}
}

// createUser posts a realistic user and returns the created resource.
func (s *Session) createUser(ctx context.Context) (map[string]any, error) {
	stem := s.uniqueName("spec")
	body := realisticUser(stem+"@example.test", "00u"+stem[len(stem)-10:])
	resp, err := s.Client.Do(ctx, http.MethodPost, "/Users", body)
	if err != nil {
		return nil, err
	}
	if err := resp.Expect("POST /Users", http.StatusCreated); err != nil {
		return nil, err
	}
	var out map[string]any
	if err := resp.Decode(&out); err != nil {
		return nil, err
	}
	id, _ := out["id"].(string)
	if id == "" {
		return nil, fmt.Errorf("POST /Users: answer has no id: %s", Snippet(resp.Body))
	}
	s.remember("/Users/" + url.PathEscape(id))
	return out, nil
}

// createGroup posts an empty group as Okta does and returns its id and name.
func (s *Session) createGroup(ctx context.Context) (id, name string, err error) {
	name = s.uniqueName("Spec Group")
	body := map[string]any{
		"schemas": []string{scim.SchemaGroup}, "displayName": name, "members": []any{},
	}
	resp, err := s.Client.Do(ctx, http.MethodPost, "/Groups", body)
	if err != nil {
		return "", "", err
	}
	if err := resp.Expect("POST /Groups", http.StatusCreated); err != nil {
		return "", "", err
	}
	var g scim.Group
	if err := resp.Decode(&g); err != nil {
		return "", "", err
	}
	if g.ID == "" {
		return "", "", fmt.Errorf("POST /Groups: answer has no id: %s", Snippet(resp.Body))
	}
	s.remember("/Groups/" + url.PathEscape(g.ID))
	if g.DisplayName != name {
		return "", "", fmt.Errorf("POST /Groups: displayName %q, want %q", g.DisplayName, name)
	}
	if len(g.Members) != 0 {
		return "", "", fmt.Errorf("POST /Groups: new group has %d members", len(g.Members))
	}
	return g.ID, name, nil
}

// patch sends a PATCH and accepts 200 and 204, as Okta does.
func (s *Session) patch(ctx context.Context, path string, ops ...scim.PatchOperation) error {
	resp, err := s.Client.Do(ctx, http.MethodPatch, path, scim.NewPatch(ops...))
	if err != nil {
		return err
	}
	return resp.Expect("PATCH "+path, http.StatusOK, http.StatusNoContent)
}

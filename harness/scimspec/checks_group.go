package scimspec

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"

	"github.com/idpsim/idpsim/scim"
)

func checkCreateGroup(ctx context.Context, s *Session) error {
	_, _, err := s.createGroup(ctx)
	return err
}

// checkRenameGroup sends Okta's rename: a path-less replace holding id and
// displayName (OKTA-WIRE.md, Group Push 1).
func checkRenameGroup(ctx context.Context, s *Session) error {
	id, name, err := s.createGroup(ctx)
	if err != nil {
		return err
	}
	renamed := name + " Renamed"
	op := scim.PatchOperation{
		Op:    scim.PatchOpReplace,
		Value: mustJSON(map[string]any{"id": id, "displayName": renamed}),
	}
	if err := s.patch(ctx, "/Groups/"+url.PathEscape(id), op); err != nil {
		return err
	}
	g, _, err := s.Client.GetGroup(ctx, id)
	if err != nil {
		return err
	}
	if g.DisplayName != renamed {
		return fmt.Errorf("after rename: displayName %q, want %q", g.DisplayName, renamed)
	}
	return nil
}

// groupWithMembers creates n users and a group, then adds them the way Okta
// does: one add on path members with {value, display} (Group Push 2).
func (s *Session) groupWithMembers(ctx context.Context, n int) (string, []string, error) {
	id, _, err := s.createGroup(ctx)
	if err != nil {
		return "", nil, err
	}
	var ids []string
	var members []map[string]any
	for range n {
		u, err := s.createUser(ctx)
		if err != nil {
			return "", nil, err
		}
		ids = append(ids, u["id"].(string))
		members = append(members, map[string]any{"value": u["id"], "display": u["userName"]})
	}
	op := scim.PatchOperation{Op: scim.PatchOpAdd, Path: "members", Value: mustJSON(members)}
	if err := s.patch(ctx, "/Groups/"+url.PathEscape(id), op); err != nil {
		return "", nil, err
	}
	return id, ids, nil
}

func (s *Session) memberIDs(ctx context.Context, groupID string) ([]string, error) {
	g, found, err := s.Client.GetGroup(ctx, groupID)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("group %s is gone", groupID)
	}
	ids := make([]string, 0, len(g.Members))
	for _, m := range g.Members {
		ids = append(ids, m.Value)
	}
	slices.Sort(ids)
	return ids, nil
}

func checkAddMembers(ctx context.Context, s *Session) error {
	id, want, err := s.groupWithMembers(ctx, 2)
	if err != nil {
		return err
	}
	got, err := s.memberIDs(ctx, id)
	if err != nil {
		return err
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("after adding %v: members %v", want, got)
	}
	return nil
}

// checkRemoveMember sends Okta's remove: path members[value eq "<id>"], no value.
func checkRemoveMember(ctx context.Context, s *Session) error {
	id, ids, err := s.groupWithMembers(ctx, 2)
	if err != nil {
		return err
	}
	op := scim.PatchOperation{
		Op:   scim.PatchOpRemove,
		Path: fmt.Sprintf(`members[value eq "%s"]`, ids[0]),
	}
	if err := s.patch(ctx, "/Groups/"+url.PathEscape(id), op); err != nil {
		return err
	}
	got, err := s.memberIDs(ctx, id)
	if err != nil {
		return err
	}
	if !slices.Equal(got, ids[1:]) {
		return fmt.Errorf("after removing %s: members %v, want %v", ids[0], got, ids[1:])
	}
	return nil
}

// checkDeactivate sends Okta's deactivation (OKTA-WIRE.md, Users 4).
func checkDeactivate(ctx context.Context, s *Session) error {
	u, err := s.createUser(ctx)
	if err != nil {
		return err
	}
	path := "/Users/" + url.PathEscape(u["id"].(string))
	op := scim.PatchOperation{Op: scim.PatchOpReplace, Value: mustJSON(map[string]any{"active": false})}
	if err := s.patch(ctx, path, op); err != nil {
		return err
	}
	got, _, err := s.Client.GetRaw(ctx, path)
	if err != nil {
		return err
	}
	if got["active"] != false {
		return fmt.Errorf("after deactivation: active is %v, want false", got["active"])
	}
	return nil
}

// checkEchoUser PUTs a user's own GET answer back, as Okta's profile update
// does when nothing changed (RFC 7644 §3.5.1: read-only attributes ignored).
func checkEchoUser(ctx context.Context, s *Session) error {
	u, err := s.createUser(ctx)
	if err != nil {
		return err
	}
	keep := []string{"userName", "name", "displayName", "emails", "active", "externalId"}
	return s.echo(ctx, "/Users/"+url.PathEscape(u["id"].(string)), keep)
}

func checkEchoGroup(ctx context.Context, s *Session) error {
	id, _, err := s.groupWithMembers(ctx, 1)
	if err != nil {
		return err
	}
	return s.echo(ctx, "/Groups/"+url.PathEscape(id), []string{"displayName", "members", "externalId"})
}

func (s *Session) echo(ctx context.Context, path string, keep []string) error {
	before, status, err := s.Client.GetRaw(ctx, path)
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("GET %s before the echo: status %d: %w", path, status, err)
	}
	resp, err := s.Client.Do(ctx, http.MethodPut, path, before)
	if err != nil {
		return err
	}
	if err := resp.Expect("echo PUT "+path, http.StatusOK); err != nil {
		return err
	}
	after, status, err := s.Client.GetRaw(ctx, path)
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("GET %s after the echo: status %d: %w", path, status, err)
	}
	for _, k := range keep {
		if !reflect.DeepEqual(before[k], after[k]) {
			return fmt.Errorf("echo PUT %s changed %s: %v became %v", path, k, before[k], after[k])
		}
	}
	return nil
}

// expectError checks an RFC 7644 §3.12 error answer.
func expectError(resp *Response, what string, status int, scimType string) error {
	if err := resp.Expect(what, status); err != nil {
		return err
	}
	var body map[string]any
	if err := resp.Decode(&body); err != nil {
		return fmt.Errorf("%s: error body is not JSON: %w", what, err)
	}
	if !hasSchema(body, scim.SchemaError) {
		return fmt.Errorf("%s: error body lacks schema %s: %s", what, scim.SchemaError, Snippet(resp.Body))
	}
	if fmt.Sprint(body["status"]) != fmt.Sprint(status) {
		return fmt.Errorf("%s: error body status %v, want %d", what, body["status"], status)
	}
	if scimType != "" && body["scimType"] != scimType {
		return fmt.Errorf("%s: scimType %v, want %s", what, body["scimType"], scimType)
	}
	return nil
}

func hasSchema(body map[string]any, urn string) bool {
	list, _ := body["schemas"].([]any)
	return slices.Contains(list, any(urn))
}

func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encode %T: %v", v, err))
	}
	return data
}

func jsonInto(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode resource: %w", err)
	}
	return nil
}

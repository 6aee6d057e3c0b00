package scimclient

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestRemoteErrors(t *testing.T) {
	tests := []struct {
		name       string
		answer     scripted
		is         error
		wantDetail string
		wantInMsg  string
		notJSON    bool
	}{
		{
			"409 is a conflict",
			scripted{
				status: 409,
				body: `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409",` +
					`"scimType":"uniqueness","detail":"User already exists"}`,
			},
			ErrConflict, "User already exists", "409 Conflict: uniqueness: User already exists", false,
		},
		{
			"numeric status accepted",
			scripted{
				status: 400,
				body:   `{"status":400,"scimType":"invalidValue","detail":"bad email"}`,
			},
			nil, "bad email", "invalidValue: bad email", false,
		},
		{
			"401 is unauthorized",
			scripted{status: 401, body: `{"detail":"token revoked"}`},
			ErrUnauthorized, "token revoked", "401 Unauthorized", false,
		},
		{
			"non-JSON body",
			scripted{status: 502, body: "<html>Bad Gateway</html>"},
			nil, "Unable to parse the response of the remote server (HTTP 502)",
			"not JSON, which Okta's parser rejects", true,
		},
		{
			"empty body",
			scripted{status: 500},
			nil, "Internal Server Error",
			"500 Internal Server Error", false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSCIM(t)
			f.push(tt.answer)
			c, err := New(Config{Target: Target{BaseURL: f.baseURL()}})
			must(t, err)

			_, err = c.CreateUser(context.Background(), Tag{}, map[string]any{"userName": "a"})
			var re *RemoteError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RemoteError", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			if !errors.Is(tt.is, ErrConflict) && errors.Is(err, ErrConflict) {
				t.Errorf("%v matches ErrConflict", err)
			}
			if re.RemoteDetail() != tt.wantDetail || re.NotJSON != tt.notJSON {
				t.Errorf("detail %q notJSON %t, want %q %t", re.RemoteDetail(), re.NotJSON,
					tt.wantDetail, tt.notJSON)
			}
			if !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Errorf("message %q lacks %q", err.Error(), tt.wantInMsg)
			}
		})
	}
}

func TestCreateWithEmptyAnswer(t *testing.T) {
	for _, answer := range []scripted{{status: 201}, {status: 201, body: `{"userName":"a"}`}} {
		f := newFakeSCIM(t)
		f.push(answer)
		c, err := New(Config{Target: Target{BaseURL: f.baseURL()}})
		must(t, err)
		_, err = c.CreateUser(context.Background(), Tag{}, map[string]any{"userName": "a"})
		if !errors.Is(err, ErrEmptyResponse) {
			t.Fatalf("answer %q: error = %v, want ErrEmptyResponse", answer.body, err)
		}
		msg := TaskMessage(StepCreateUser, "a", "Cast AI", err)
		if !strings.HasSuffix(msg, "failed: Create new user returned empty user.") {
			t.Errorf("task message = %q", msg)
		}
	}
}

func TestTaskMessage(t *testing.T) {
	conflict := &RemoteError{
		Method: "POST", Path: "/Users", Status: http.StatusConflict,
		ScimType: "uniqueness", Detail: "User already exists",
	}
	tests := []struct {
		name    string
		step    Step
		subject string
		err     error
		want    string
	}{
		{
			"remote detail", StepCreateUser, "jane@example.com", conflict,
			"Automatic provisioning of user jane@example.com to app Cast AI failed: " +
				"Error while creating user jane@example.com: Conflict: " +
				"Errors reported by remote server: User already exists",
		},
		{
			"wrapped remote error", StepDeactivateUser, "jane@example.com",
			errors.Join(errors.New("push"), conflict),
			"Automatic provisioning of user jane@example.com to app Cast AI failed: " +
				"Error while deactivating user jane@example.com: Conflict: " +
				"Errors reported by remote server: User already exists",
		},
		{
			"group step", StepPushGroup, "Engineering",
			&RemoteError{Status: 400, Detail: "bad member"},
			"Automatic provisioning of group Engineering to app Cast AI failed: " +
				"Error while pushing group Engineering: Bad Request: " +
				"Errors reported by remote server: bad member",
		},
		{
			"transport error", StepUpdateUser, "jane@example.com", ErrResponseLost,
			"Automatic provisioning of user jane@example.com to app Cast AI failed: " +
				"Error while updating user jane@example.com: " + ErrResponseLost.Error(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TaskMessage(tt.step, tt.subject, "Cast AI", tt.err); got != tt.want {
				t.Errorf("TaskMessage =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

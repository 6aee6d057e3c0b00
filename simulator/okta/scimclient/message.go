package scimclient

import (
	"errors"
	"fmt"
	"net/http"
)

// Step names a provisioning step for Okta's task message.
type Step string

// Steps of the push engine, worded as Okta words them after "Error while".
const (
	StepCreateUser     Step = "creating user"
	StepUpdateUser     Step = "updating user"
	StepDeactivateUser Step = "deactivating user"
	StepReactivateUser Step = "reactivating user"
	StepPushGroup      Step = "pushing group"
	StepDeleteGroup    Step = "deleting group"
)

// TaskMessage renders the text of the task Okta opens when a step fails
// (OKTA-WIRE.md, "Errors, rate limits, retries"):
//
//	Automatic provisioning of user <login> to app <app> failed: <Okta message>:
//	Errors reported by remote server: <detail>
//
// subject is the user's login (for group steps, the group's name, and the
// sentence speaks of a group). The Okta message is "Error while <step>
// <subject>", followed by the status text when the target answered. An error
// that never reached an answer (timeout, reset, lost response) has no remote
// part: its own text follows the Okta message.
func TaskMessage(step Step, subject, app string, err error) string {
	kind := "user"
	if step == StepPushGroup || step == StepDeleteGroup {
		kind = "group"
	}
	head := fmt.Sprintf("Automatic provisioning of %s %s to app %s failed: ", kind, subject, app)

	var re *RemoteError
	switch {
	case errors.Is(err, ErrEmptyResponse) && step == StepCreateUser:
		return head + "Create new user returned empty user."
	case errors.Is(err, ErrEmptyResponse):
		return head + fmt.Sprintf("Create new %s returned empty %s.", kind, kind)
	case errors.As(err, &re):
		return head + fmt.Sprintf("Error while %s %s: %s: Errors reported by remote server: %s",
			step, subject, http.StatusText(re.Status), re.RemoteDetail())
	case err != nil:
		return head + fmt.Sprintf("Error while %s %s: %v", step, subject, err)
	}
	return head + fmt.Sprintf("Error while %s %s", step, subject)
}

@scim
Feature: Rate limits and failures of the target
  Okta waits out a 429 for the Retry-After seconds and tries again, doubling the
  wait each time. Other errors stop the push and leave a task in Okta whose
  message carries the target's error detail; an admin retries it once the target
  has recovered. The failures are injected by the fake Okta on its way out, so
  these scenarios run against any target.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |

  Scenario: A target answering 429 with Retry-After still ends in the right state
    Given Cast AI answers the next 2 "POST" requests to "/Users" with 429 and Retry-After 1
    And the Okta group "Platform" with the members "Alice" and "Bob"
    When an Okta admin assigns the group "Platform" to the app
    And an Okta admin pushes the group "Platform" to Cast AI
    Then Cast AI has the group "Platform" with the members "Alice" and "Bob"
    And Okta shows no open provisioning tasks
    And Okta retried after a 429 from Cast AI

  Scenario: A target answering 5xx leaves a task with its error, and a retry completes the push
    Given Cast AI answers every "POST" request to "/Users" with 503 and the detail "database is read-only"
    When an Okta admin assigns "Alice" to the app
    Then Okta shows a failed provisioning task for "Alice" whose message contains "database is read-only"
    And Okta shows "Alice" with sync state "ERROR" in the app
    And Cast AI does not have the user "Alice"
    When Cast AI recovers
    And an Okta admin retries the failed provisioning tasks
    Then Cast AI has the user "Alice"
    And Okta shows no open provisioning tasks
    And Okta shows "Alice" as provisioned in the app

  Scenario: A create whose response was lost is linked, not duplicated, on retry
    Given Cast AI loses the response to the next "POST" request to "/Users"
    When an Okta admin assigns "Bob" to the app
    And an Okta admin retries the failed provisioning tasks
    Then Cast AI has exactly one user "Bob"
    And Okta shows "Bob" as provisioned in the app

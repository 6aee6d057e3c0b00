Feature: Profile changes reach Cast AI, and only the attributes Cast AI keeps
  Guide: "Only name and email-type attributes sync; title and contact details do
  not exist in Cast AI." Okta pushes its whole app-user profile on every change,
  including title and phone numbers; Cast AI keeps only what it has a place for.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
    And the Okta group "Platform" with the members "Alice"
    And the Okta group "Platform" is assigned to the app and pushed to Cast AI

  @scim
  Scenario: A display name changed in the Okta profile reaches Cast AI
    Given Cast AI has the user "Alice"
    When an Okta admin changes the display name of "Alice" to "Alice Cooper"
    Then Cast AI shows "Alice" with the display name "Alice Cooper"

  @scim
  Scenario: A display name changed on the app's Assignments tab reaches Cast AI
    Given Cast AI has the user "Alice"
    When an Okta admin changes the display name of "Alice" on the app's Assignments tab to "A. Jones"
    Then Cast AI shows "Alice" with the display name "A. Jones"

  @scim
  Scenario: An email change reaches Cast AI
    Given Cast AI has the user "Alice"
    When an Okta admin changes the email of "Alice" to "alice.cooper@acme.test"
    Then Cast AI shows "Alice" with the email "alice.cooper@acme.test"

  @scim
  Scenario: Title and phone numbers never appear in Cast AI
    Given Cast AI has the user "Alice"
    When an Okta admin changes the title of "Alice" to "VP Platform"
    And an Okta admin changes the mobile phone of "Alice" to "+1 415 555 0199"
    Then Cast AI stores no title or phone number for "Alice"
    And Cast AI shows "Alice" with the display name "Alice Jones"

  @console
  Scenario: The Cast AI console shows the new name
    Given Cast AI has the user "Alice"
    When an Okta admin changes the display name of "Alice" to "Alice Cooper"
    Then the Cast AI console shows "Alice" with the name "Alice Cooper"

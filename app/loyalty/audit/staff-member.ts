// Who did something by hand in the admin: every manual change (a points adjustment, a referral decision, an
// import, a program edit) records its staff member, in the transfer's actor and in the audit log.

export interface StaffMember {
  /** Stable id recorded with every manual change: Shopify's user id, or "demo" in the demo. */
  id: string;
  /** A name to show next to what they did. */
  name: string;
}

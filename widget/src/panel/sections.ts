// The panel's sections, top to bottom: one list for a signed-in member, one for a visitor. A new section is a file
// in this folder exporting a `Section` and one line here.
import { balanceSection } from "./balance-section";
import { memberReferralSection, visitorReferralSection } from "./referral-section";
import { memberRewardsSection, visitorRewardsSection } from "./rewards-section";
import { visitorIntroSection } from "./visitor-intro-section";
import { waysToEarnSection } from "./ways-to-earn-section";
import type { MemberView, Section, VisitorView } from "./panel-context";

export const MEMBER_SECTIONS: Array<Section<MemberView>> = [balanceSection, memberRewardsSection, memberReferralSection, waysToEarnSection];

export const VISITOR_SECTIONS: Array<Section<VisitorView>> = [visitorIntroSection, waysToEarnSection, visitorRewardsSection, visitorReferralSection];

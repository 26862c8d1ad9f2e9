// The demo shop's customers: a fixed cast, so every demo shows the same people and tests can search for them.
// Customer ids 1…50 stand in for Shopify's numeric customer ids.
import type { MemberProfile } from "~/loyalty/members/member-store.server";

const NAMES: readonly (readonly [string, string])[] = [
  ["Ava", "Martin"], ["Liam", "Okafor"], ["Sofia", "Rossi"], ["Noah", "Lindqvist"], ["Maya", "Chen"],
  ["Ethan", "Brooks"], ["Amara", "Nwosu"], ["Lucas", "Moreau"], ["Isla", "MacLeod"], ["Mateo", "García"],
  ["Hannah", "Schmidt"], ["Kenji", "Watanabe"], ["Chloe", "Dubois"], ["Omar", "Haddad"], ["Priya", "Raman"],
  ["Jack", "Thompson"], ["Zoe", "Papadopoulos"], ["Diego", "Fernández"], ["Freya", "Andersen"], ["Samuel", "Adeyemi"],
  ["Lea", "Novak"], ["Aaron", "Goldberg"], ["Nina", "Kowalski"], ["Ravi", "Patel"], ["Elena", "Petrova"],
  ["Oliver", "Wright"], ["Yara", "Silva"], ["Felix", "Bauer"], ["Grace", "O'Connor"], ["Tomás", "Herrera"],
  ["Mei", "Lin"], ["Daniel", "Cohen"], ["Aisha", "Bello"], ["Hugo", "Lefebvre"], ["Ingrid", "Johansson"],
  ["Leo", "Russo"], ["Nora", "Kelly"], ["Arjun", "Mehta"], ["Clara", "Weber"], ["Kwame", "Mensah"],
  ["Emma", "Janssen"], ["Julian", "Vargas"], ["Sara", "Nilsson"], ["Max", "Fischer"], ["Lily", "Nguyen"],
  ["Adam", "Kaminski"], ["Rosa", "Delgado"], ["Theo", "Campbell"], ["Leila", "Karimi"], ["Finn", "Murphy"],
];

/** A postal address as Shopify's payloads carry it; every demo customer has a default one, where orders ship. */
export interface DemoAddress {
  address1: string;
  city: string;
  zip: string;
  province_code: string;
  country_code: string;
}

export interface DemoCustomer extends Required<Pick<MemberProfile, "customerId" | "email" | "firstName" | "lastName" | "accountState">> {
  /** 1…50; drives the customer's story in demo-history.ts. */
  number: number;
  address: DemoAddress;
}

const STREETS = ["Alder Street", "Birch Lane", "Cedar Avenue", "Dogwood Road", "Elm Court", "Fir Way", "Juniper Place"];

function addressOf(number: number): DemoAddress {
  return {
    address1: `${100 + number * 7} ${STREETS[number % STREETS.length] ?? "Main Street"}`,
    city: "Portland",
    zip: String(97200 + number),
    province_code: "OR",
    country_code: "US",
  };
}

function emailFor(first: string, last: string): string {
  const ascii = (text: string) => text.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
  return `${ascii(first)}.${ascii(last)}@example.com`;
}

/** Most customers have an account; a few were invited and never accepted, one disabled, one declined. */
function accountStateOf(number: number): DemoCustomer["accountState"] {
  if ([6, 18, 30, 42].includes(number)) return "invited";
  if (number === 25) return "disabled";
  if (number === 37) return "declined";
  return "enabled";
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = NAMES.map(([firstName, lastName], index) => {
  const number = index + 1;
  return {
    number,
    customerId: String(number),
    firstName,
    lastName,
    email: emailFor(firstName, lastName),
    accountState: accountStateOf(number),
    address: addressOf(number),
  };
});

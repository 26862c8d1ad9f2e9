// A titled group of checkboxes posted under one name, each ticked or not; the form reads them with getAll(name).
import { Checkbox, Text } from "@shopify/polaris";
import { useState } from "react";

export function CheckboxGroup<V extends string>({ title, name, values, labels, initial }: { title: string; name: string; values: readonly V[]; labels: Record<V, string>; initial: readonly V[] }) {
  const [chosen, setChosen] = useState<V[]>([...initial]);
  return (
    <>
      <Text as="p">{title}</Text>
      {values.map((value) => (
        <Checkbox
          key={value}
          label={labels[value]}
          name={name}
          value={value}
          checked={chosen.includes(value)}
          onChange={(checked) => setChosen((current) => (checked ? [...current, value] : current.filter((item) => item !== value)))}
        />
      ))}
    </>
  );
}

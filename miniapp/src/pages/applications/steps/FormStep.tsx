import { View, Text, Input, Textarea } from '@tarojs/components'
import type { FieldDef } from '@bdc/shared/applications-dict'
import type { ApplicationDetail } from '@bdc/shared/applications'

interface Props {
  fields: readonly FieldDef[]
  form: Record<string, string>
  problems: Record<string, string>
  applicant: ApplicationDetail['applicant']
  onChange(key: string, value: string): void
  /** Leaving a field saves it at once. */
  onBlur(): void
}

/** Step 3 填写: the registry's fields read-only, then the ones the citizen fills in. */
export function FormStep({ fields, form, problems, applicant, onChange, onBlur }: Props) {
  return (
    <View>
      <Text className="section-title">登记簿信息（自动带出，不可修改）</Text>
      <View className="card">
        {fields
          .filter((f) => f.fromRegistry)
          .map((f) => (
            <View key={f.key} className="apl-kv" data-testid={`registry-${f.key}`}>
              <Text className="apl-kv__k">{f.label}</Text>
              <Text className="apl-kv__v">{form[f.key] || '—'}</Text>
            </View>
          ))}
        <View className="apl-kv">
          <Text className="apl-kv__k">申请人</Text>
          <Text className="apl-kv__v">
            {applicant.name} {applicant.idNumber}
          </Text>
        </View>
      </View>
      <Text className="section-title">请填写</Text>
      <View className="card">
        {fields
          .filter((f) => !f.fromRegistry)
          .map((f) => (
            <FieldInput key={f.key} def={f} value={form[f.key] ?? ''} problem={problems[f.key] || null} onChange={(v) => onChange(f.key, v)} onBlur={onBlur} />
          ))}
      </View>
    </View>
  )
}

function FieldInput({ def, value, problem, onChange, onBlur }: { def: FieldDef; value: string; problem: string | null; onChange: (v: string) => void; onBlur: () => void }) {
  return (
    <View className={`apl-field ${problem ? 'has-problem' : ''}`} data-testid={`field-${def.key}`}>
      <Text className="apl-field__label">
        {def.label}
        {def.required ? <Text className="apl-required"> *</Text> : null}
      </Text>
      {def.kind === 'select' ? (
        <View className="apl-chips">
          {(def.options ?? []).map((o) => (
            <View key={o} className={`apl-chip ${value === o ? 'apl-chip--on' : ''}`} onClick={() => onChange(o)} data-testid="option">
              {o}
            </View>
          ))}
        </View>
      ) : def.kind === 'textarea' ? (
        <Textarea
          className="apl-input apl-input--area"
          value={value}
          maxlength={def.maxLength}
          placeholder={def.placeholder ?? `请填写${def.label}`}
          onInput={(e) => onChange(e.detail.value)}
          onBlur={onBlur}
        />
      ) : (
        <Input
          className="apl-input"
          value={value}
          type={def.kind === 'phone' ? 'number' : 'text'}
          maxlength={def.maxLength}
          placeholder={def.placeholder ?? `请填写${def.label}`}
          onInput={(e) => onChange(e.detail.value)}
          onBlur={onBlur}
        />
      )}
      {problem ? (
        <Text className="apl-field-error" data-testid="field-error">
          {problem}
        </Text>
      ) : null}
    </View>
  )
}

import { View, Text } from '@tarojs/components'
import { COMMITMENT_TEXT, DECLARATION_TEXT, type FieldDef, type MaterialDef } from '@bdc/shared/applications-dict'
import type { ApplicationMaterial } from '@bdc/shared/applications'
import type { SubmitError } from '../useDraftSubmit'

interface Props {
  typeLabel: string
  fields: readonly FieldDef[]
  form: Record<string, string>
  materials: readonly MaterialDef[]
  photosOf(code: string): ApplicationMaterial[]
  declaration: boolean
  commitment: boolean
  onToggleDeclaration(): void
  onToggleCommitment(): void
  error: SubmitError | null
}

/** Step 5 确认: everything as it will be sent, and the 申请书 and 承诺书 to read and tick. */
export function ConfirmStep({ typeLabel, fields, form, materials, photosOf, declaration, commitment, onToggleDeclaration, onToggleCommitment, error }: Props) {
  return (
    <View>
      <Text className="section-title">请核对申请信息</Text>
      <View className="card">
        <View className="apl-kv">
          <Text className="apl-kv__k">申请事项</Text>
          <Text className="apl-kv__v">{typeLabel}</Text>
        </View>
        {fields.map((f) => (
          <View key={f.key} className="apl-kv">
            <Text className="apl-kv__k">{f.label}</Text>
            <Text className="apl-kv__v">{form[f.key] || '—'}</Text>
          </View>
        ))}
        <View className="apl-kv">
          <Text className="apl-kv__k">材料</Text>
          <Text className="apl-kv__v">{materials.map((m) => `${m.label} ${photosOf(m.code).length} 张`).join('\n')}</Text>
        </View>
      </View>
      <Statement title="不动产登记申请书" text={DECLARATION_TEXT} on={declaration} onToggle={onToggleDeclaration} testId="confirm-declaration" />
      <Statement title="承诺书" text={COMMITMENT_TEXT} on={commitment} onToggle={onToggleCommitment} testId="confirm-commitment" />
      <Text className="apl-note">提交前需进行人脸识别验证本人身份；提交后不能再修改。</Text>
      {error ? (
        <View className="apl-error" data-testid="submit-error">
          <Text className="apl-error__text">{error.message}</Text>
          {error.items.map((t) => (
            <Text key={t} className="apl-error__item">
              · {t}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

function Statement({ title, text, on, onToggle, testId }: { title: string; text: string; on: boolean; onToggle: () => void; testId: string }) {
  return (
    <View className="card apl-statement">
      <Text className="apl-statement__title">{title}</Text>
      <Text className="apl-statement__text">{text}</Text>
      <View className={`apl-check ${on ? 'apl-check--on' : ''}`} onClick={onToggle} data-testid={testId}>
        <Text className="apl-check__box">{on ? '✓' : ''}</Text>
        <Text className="apl-check__text">我已阅读并确认{title}</Text>
      </View>
    </View>
  )
}

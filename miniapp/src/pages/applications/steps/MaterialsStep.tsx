import { View, Text } from '@tarojs/components'
import type { MaterialDef } from '@bdc/shared/applications-dict'
import type { ApplicationMaterial } from '@bdc/shared/applications'
import { applicationsApi } from '../../../api/applications'
import { formatBytes } from '../logic'
import { Thumb } from '../parts/Thumb'
import type { Upload } from '../useMaterialUploads'

interface Props {
  id: string
  materials: readonly MaterialDef[]
  photosOf(code: string): ApplicationMaterial[]
  uploads: Upload[]
  errors: Record<string, string>
  onPick(m: MaterialDef): Promise<void>
  onRemove(photo: ApplicationMaterial): Promise<void>
}

/** Step 4 材料: each required material's photos, those still uploading, and 添加照片 while there is room. */
export function MaterialsStep({ id, materials, photosOf, uploads, errors, onPick, onRemove }: Props) {
  return (
    <View>
      <Text className="section-title">请拍照或从相册上传以下材料（JPEG、PNG、WebP，每张不超过 10 MB）</Text>
      {materials.map((m) => {
        const photos = photosOf(m.code)
        const busy = uploads.filter((u) => u.kind === m.code)
        const full = photos.length + busy.length >= m.maxFiles
        return (
          <View key={m.code} className="card apl-material" data-testid={`material-${m.code}`}>
            <View className="apl-material__head">
              <Text className="apl-material__title">
                {m.label}
                {m.required ? <Text className="apl-required"> *</Text> : null}
              </Text>
              <Text className="apl-material__count">
                {photos.length}/{m.maxFiles} 张
              </Text>
            </View>
            <Text className="apl-material__hint">{m.hint}</Text>
            <View className="apl-thumbs">
              {photos.map((p) => (
                <View key={p.id} className="apl-thumb" data-testid="thumb">
                  <Thumb url={applicationsApi.previewUrl(id, p)} />
                  <Text className="apl-thumb__size">{formatBytes(p.bytes)}</Text>
                  <View className="apl-thumb__del" onClick={() => void onRemove(p)} data-testid="delete-photo" aria-label="删除照片">
                    删除
                  </View>
                </View>
              ))}
              {busy.map((u) => (
                <View key={u.key} className="apl-thumb apl-thumb--busy" data-testid="uploading">
                  <Thumb url={null} local={u.local} />
                  <View className="apl-thumb__progress">
                    <View className="apl-thumb__bar" style={{ width: `${u.progress}%` }} />
                  </View>
                  <Text className="apl-thumb__size">上传中 {u.progress}%</Text>
                </View>
              ))}
              {!full ? (
                <View className="apl-thumb apl-thumb--add" onClick={() => void onPick(m)} data-testid={`add-photo-${m.code}`}>
                  <Text className="apl-thumb__plus">+</Text>
                  <Text className="apl-thumb__size">添加照片</Text>
                </View>
              ) : null}
            </View>
            {errors[m.code] ? (
              <Text className="apl-field-error" data-testid="material-error">
                {errors[m.code]}
              </Text>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}

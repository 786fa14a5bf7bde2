import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { authApi } from '../../api/auth'

/** Browser login: hand over to 天府通办 SSO; the BFF brings the user back to `returnTo`. */
export function H5Login({ returnTo }: { returnTo: string }) {
  const [leaving, setLeaving] = useState(false)

  const start = () => {
    setLeaving(true)
    window.location.href = authApi.loginUrl(returnTo)
  }

  return (
    <View className="login__actions">
      <Button type="primary" block size="large" loading={leaving} disabled={leaving} onClick={start} data-testid="sso-login">
        {leaving ? '正在前往天府通办…' : '天府通办账号登录'}
      </Button>
      <Text className="login__note">将跳转至天府通办统一身份认证页面，完成后自动返回。</Text>
    </View>
  )
}

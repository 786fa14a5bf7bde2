import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { messageFor } from '@bdc/shared/errors'
import { PageShell } from '../../components/PageShell'
import { safeReturnTo } from '../../utils/nav'
import { H5Login } from './H5Login'
import { WeappLogin } from './WeappLogin'
import './index.scss'

/**
 * H5 logs in through 天府通办 SSO (a full-page redirect, the BFF sets the session cookie).
 * The mini-program normally gets a code from the 天府通办 container; in the demo the citizen
 * picker below stands in for the container's consent sheet.
 */
export default function LoginPage() {
  const { params } = useRouter()
  const returnTo = safeReturnTo(params.returnTo)
  // The BFF sends people back here with ?error=CODE when SSO fails.
  const ssoError = params.error ? messageFor(params.error) : null

  return (
    <PageShell className="login">
      <View className="login__intro card">
        <Text className="login__title">实名登录</Text>
        <Text className="login__text">
          为保护您的不动产信息安全，请使用天府通办实名账号登录。登录后仅可查看本人名下的不动产，证件号等个人信息将脱敏显示。
        </Text>
      </View>
      {ssoError ? (
        <View className="login__error card" data-testid="login-error">
          <Text>{ssoError}</Text>
        </View>
      ) : null}
      {process.env.TARO_ENV === 'h5' ? <H5Login returnTo={returnTo} /> : <WeappLogin returnTo={returnTo} />}
    </PageShell>
  )
}

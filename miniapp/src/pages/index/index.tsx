import { useCallback } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button, Grid } from '@nutui/nutui-react-taro'
import { authApi } from '../../api/auth'
import { userMessage } from '../../api/errors'
import { PageShell } from '../../components/PageShell'
import { useProperties } from '../../store/properties'
import { useSession } from '../../store/session'
import { useUi } from '../../store/ui'
import { goLogin, PAGES } from '../../utils/nav'
import { SERVICES, type ServiceTile } from './services'
import './index.scss'

// WeChat's default modal confirm green (#3CC51F) is 2.2:1 on white; the theme blue is 5.8:1.
const MODAL_CONFIRM_COLOR = '#0B5FD6'

export default function HomePage() {
  const { status, me, refresh, logout } = useSession()
  const { elder, setElder } = useUi()

  useDidShow(() => {
    refresh(authApi).catch((err: unknown) => {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 2500 })
    })
  })

  const openTile = useCallback(
    (tile: ServiceTile) => {
      if (!tile.path) {
        void Taro.showModal({
          title: `「${tile.title}」即将上线`,
          content: `${tile.blurb}。该服务正在建设中，敬请期待。`,
          showCancel: false,
          confirmText: '知道了',
          confirmColor: MODAL_CONFIRM_COLOR,
        })
        return
      }
      if (status !== 'authenticated' && !tile.public) {
        goLogin(tile.path)
        return
      }
      void Taro.navigateTo({ url: tile.path })
    },
    [status],
  )

  const confirmLogout = useCallback(async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定要退出当前账号吗？', confirmText: '退出', cancelText: '取消', confirmColor: MODAL_CONFIRM_COLOR })
    if (!confirm) return
    try {
      await logout(authApi)
    } catch {
      // Local state is already cleared by the store; the server session will time out.
    }
    useProperties.getState().clear()
    void Taro.showToast({ title: '已退出登录', icon: 'success' })
  }, [logout])

  return (
    <PageShell className="home">
      <View className="home__banner">
        <Text className="home__brand">天府通办 · 不动产登记</Text>
        <Text className="home__slogan">「一窗办事」掌上办 · 四川省不动产登记</Text>
      </View>

      <View className="home__account card" data-testid="account-card">
        {status === 'authenticated' && me ? (
          <View className="home__account-row">
            <View className="home__who">
              <Text className="home__hello">您好，{me.name}</Text>
              <Text className="home__id">证件号 {me.idNumber}</Text>
            </View>
            <Button size="small" fill="outline" onClick={confirmLogout}>
              退出登录
            </Button>
          </View>
        ) : status === 'anonymous' ? (
          <View className="home__account-row">
            <Text className="home__hint">登录后可查看本人名下不动产</Text>
            <Button type="primary" size="small" onClick={() => goLogin(PAGES.home)}>
              登录
            </Button>
          </View>
        ) : (
          <Text className="home__hint">正在确认登录状态…</Text>
        )}
      </View>

      <Text className="section-title">便民服务</Text>
      <View className="home__services">
        <Grid columns={3} gap={0} className="home__grid">
          {SERVICES.map((tile) => (
            <Grid.Item key={tile.key} text={tile.title} onClick={() => openTile(tile)} className="home__tile" data-testid={`tile-${tile.key}`}>
              <View className={`home__glyph ${tile.path ? '' : 'home__glyph--soon'}`}>{tile.glyph}</View>
              {tile.path ? null : <Text className="home__soon">即将上线</Text>}
            </Grid.Item>
          ))}
        </Grid>
      </View>

      <View className="home__elder card" onClick={() => setElder(!elder)} data-testid="elder-toggle">
        <View>
          <Text className="home__elder-title">{elder ? '关闭长辈模式' : '长辈模式'}</Text>
          <Text className="home__elder-desc">{elder ? '恢复标准字号' : '大字体、大按钮，看得清、点得准'}</Text>
        </View>
        <Text className="home__elder-switch">{elder ? '已开启' : '开启'}</Text>
      </View>

      <Text className="home__footer">数据来源：四川省不动产登记信息平台 · 个人信息已脱敏显示</Text>
    </PageShell>
  )
}

/// The built-in copies of `Data/freemail-domains.txt` and `Data/lure-topics.txt`, so the binary needs no
/// data folder at run time. Regenerate by pasting the files; `BuiltinListsTests` fails when they differ.
enum BuiltinLists {
    static let freemailDomains = """
# Free-mail providers: anyone can open an address here, so an organisation's mail rarely comes from them.
# One domain a line; subdomains match too. Used by `kagami mail` (freemail-sender, freemail-reply-to,
# contact-new-provider). Compiled into KagamiMail (Triage/BuiltinLists.swift); a test keeps the two equal.
gmail.com
googlemail.com
outlook.com
outlook.jp
hotmail.com
hotmail.co.jp
hotmail.co.uk
hotmail.fr
hotmail.de
hotmail.it
live.com
live.jp
live.co.uk
msn.com
yahoo.com
yahoo.co.jp
yahoo.co.uk
yahoo.fr
yahoo.de
yahoo.com.tw
yahoo.com.hk
ymail.com
rocketmail.com
aol.com
aim.com
icloud.com
me.com
mac.com
protonmail.com
proton.me
pm.me
tutanota.com
tuta.io
zoho.com
zohomail.com
gmx.com
gmx.net
gmx.de
web.de
mail.com
email.com
yandex.com
yandex.ru
ya.ru
mail.ru
inbox.ru
list.ru
bk.ru
rambler.ru
qq.com
foxmail.com
163.com
126.com
yeah.net
sina.com
sina.cn
sohu.com
aliyun.com
139.com
naver.com
daum.net
hanmail.net
nate.com
excite.co.jp
nifty.com
infoseek.jp
goo.jp
docomo.ne.jp
ezweb.ne.jp
au.com
softbank.ne.jp
i.softbank.jp
rediffmail.com
libero.it
orange.fr
laposte.net
free.fr
seznam.cz
wp.pl
o2.pl
interia.pl
onet.pl
hushmail.com
mailfence.com
fastmail.com
fastmail.fm
cock.li
disroot.org
riseup.net
firebaseapp.com
web.app
onmicrosoft.com
"""

    static let lureTopics = """
# Lure topics: subjects and phrases spear-phishing used against Japanese policy, academic and media
# targets (see ../shared/domain/MIRRORFACE.md), plus the generic account/invoice lures of bulk phishing.
# Format: <topic><TAB><phrase>; phrases match case-insensitively in the subject and the text.
# Compiled into KagamiMail (Triage/BuiltinLists.swift); a test keeps the two equal. --lure-topics FILE
# replaces this list.
japan-us	japan-us relations
japan-us	japan-u.s. relations
japan-us	us-japan alliance
japan-us	u.s.-japan alliance
japan-us	japan-us alliance
japan-us	日米関係
japan-us	日米同盟
japan-us	日米首脳
taiwan	taiwan strait
taiwan	taiwan contingency
taiwan	台湾海峡
taiwan	台湾有事
taiwan	両岸関係
security-policy	national security strategy
security-policy	indo-pacific
security-policy	安全保障
security-policy	インド太平洋
security-policy	防衛政策
security-policy	経済安全保障
interview	interview request
interview	request for an interview
interview	request for interview
interview	取材依頼
interview	取材のお願い
interview	インタビューのお願い
interview	インタビュー依頼
conference	invitation to speak
conference	speaker invitation
conference	講演依頼
conference	登壇のお願い
conference	シンポジウムのご案内
research	research grant
research	研究会のご案内
research	意見交換
account	verify your account
account	your account has been suspended
account	your account will be suspended
account	account verification
account	confirm your identity
account	unusual sign-in activity
account	password will expire
account	password expires
account	mailbox is full
account	mailbox quota
account	storage is full
account	アカウントが停止
account	アカウントの確認
account	本人確認
account	パスワードの有効期限
delivery	delivery failed
delivery	package could not be delivered
delivery	shipment on hold
delivery	お荷物
payment	payment failed
payment	payment declined
payment	overdue invoice
payment	wallet has been frozen
payment	お支払い方法
payment	お支払いが確認できません
prize	you have won
prize	claim your reward
prize	claim your prize
prize	gift card
prize	gutschein
prize	gewinn
prize	prämie
prize	freispiele
prize	cadeaubon
prize	prêmio
prize	premio
prize	pontos
prize	recompensa
delivery	encomenda
delivery	mercadoria retida
delivery	pedido retido
delivery	zustellung
delivery	sendung
delivery	pakket
delivery	livraison
account	konto gesperrt
account	conta bloqueada
account	verifique sua conta
account	compte suspendu
# Generic lures of bulk credential phishing and fraud in the languages such mail is most often written
# in (English, Japanese, Portuguese, Spanish, French, German, Dutch). Added as general vocabulary of the
# kinds (account, delivery, payment, prize, crypto, urgency), not copied from individual mails.
account	unusual activity
account	suspicious activity
account	unauthorized access
account	sign-in attempt
account	verify your identity
account	update your information
account	confirm your information
account	account has been locked
account	temporarily locked
account	account is on hold
account	reactivate your account
account	restore access
account	will be deactivated
account	will be terminated
account	security alert
account	不正アクセス
account	ログインがありました
account	アカウントがロック
account	利用停止
account	情報を更新
account	confirme seus dados
account	atualize seus dados
account	atualização cadastral
account	su cuenta ha sido
account	verifique su cuenta
account	confirme sus datos
account	actualice sus datos
account	votre compte a été
account	vérifier votre compte
account	mettre à jour vos informations
account	ihr konto wurde
account	bestätigen sie ihre
account	uw account is
account	bevestig uw gegevens
delivery	your package
delivery	your parcel
delivery	delivery attempt
delivery	delivery address
delivery	customs fee
delivery	tracking number
delivery	配送状況
delivery	不在通知
delivery	entrega
delivery	envío
delivery	paquete
delivery	colis
delivery	paket
payment	payment method
payment	billing information
payment	update your payment
payment	unpaid
payment	outstanding balance
payment	refund
payment	invoice attached
payment	未払い
payment	ご請求
payment	返金
payment	pagamento pendente
payment	fatura
payment	reembolso
payment	factura
payment	remboursement
payment	zahlung
payment	rechnung
payment	betaling
prize	you have been selected
prize	you've been selected
prize	you are a winner
prize	free gift
prize	reward is waiting
prize	lottery
prize	jackpot
prize	当選
prize	プレゼント
prize	parabéns
prize	ganhou
prize	sorteio
prize	felicidades
prize	ganador
prize	gagnant
prize	félicitations
prize	gewonnen
prize	gefeliciteerd
prize	gratis
crypto	recovery phrase
crypto	seed phrase
crypto	secret phrase
crypto	your wallet
crypto	airdrop
crypto	bitcoin
crypto	暗号資産
finance	investment opportunity
finance	guaranteed return
finance	loan offer
finance	low interest
finance	credit score
finance	empréstimo
finance	investimento
finance	préstamo
urgency	action required
urgency	immediate action
urgency	within 24 hours
urgency	within 48 hours
urgency	final notice
urgency	last chance
urgency	last reminder
urgency	expires today
urgency	至急
urgency	緊急
urgency	24時間以内
urgency	本日中
urgency	urgente
urgency	imediatamente
urgency	última chance
urgency	dringend
urgency	dringende
urgency	onmiddellijk
payment	payment overdue
payment	past due
urgency	final warning
urgency	final reminder
prize	your reward
prize	claim your
prize	exclusive reward
prize	herzlichen glückwunsch
prize	gutgeschrieben
prize	free spins
advance-fee	next of kin
advance-fee	come to you as a surprise
advance-fee	will be a surprise to you
advance-fee	business proposal
advance-fee	consignment box
advance-fee	compensation fund
advance-fee	atm card
advance-fee	million dollars
advance-fee	million usd
advance-fee	fund transfer
advance-fee	transfer of the fund
advance-fee	your urgent response
advance-fee	urgent reply
"""
}
